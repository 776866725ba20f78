/**
 * An operator-registered client signing in through a real browser, scripts off: the client is
 * created over the owner API on a server without dynamic registration, the consent page is
 * approved in Chromium, and the code is exchanged with the client secret for a token that works
 * on /mcp. The consent page is saved to docs/screenshots/consent-operator-client.png.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../e2e/harness";
import { pkcePair, REDIRECT_URI, tokenRequest } from "../e2e/oauth";
import { launchChromium, screenshot, VIEWPORTS, watchedPage } from "./chromium";

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDevServer({ vars: { DCR_ENABLED: "false" } }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("an operator client in Chromium", () => {
  it("is approved on the consent page and its code is exchanged with the secret", async () => {
    const created = await fetch(new URL("/account/api/clients", server.url), {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Basic ${Buffer.from(`owner:${server.passphrase}`).toString("base64")}`,
      },
      body: JSON.stringify({ client_name: "Claude (operator client)", redirect_uris: [REDIRECT_URI] }),
    });
    expect(created.status).toBe(201);
    const client = (await created.json()) as { client_id: string; client_secret: string };

    const { verifier, challenge } = pkcePair();
    const authorize = new URL("/authorize", server.url);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "browser-operator",
      scope: "session:read session:write offline_access",
      resource: server.url,
    }).toString();

    const { page, context, problems } = await watchedPage(browser, {
      viewport: VIEWPORTS.laptop,
      javaScriptEnabled: false,
    });
    try {
      // Nothing listens at the client's callback: the browser's request to it is the answer.
      let callback: URL | undefined;
      await context.route(`${new URL(REDIRECT_URI).origin}/**`, async (route) => {
        callback = new URL(route.request().url());
        await route.fulfill({ status: 200, contentType: "text/plain", body: "signed in" });
      });
      await page.goto(authorize.toString());
      await expect(page.locator("h1").textContent()).resolves.toContain("Claude (operator client)");
      await expect(page.getByText("Registered on this server by its operator").isVisible()).resolves.toBe(true);
      await screenshot(page, "screenshots", "consent-operator-client");
      await page.fill("#passphrase", server.passphrase);
      await page.click('button[name="decision"][value="approve"]');
      await page.waitForURL((url) => url.origin === new URL(REDIRECT_URI).origin);
      expect(callback?.searchParams.get("state")).toBe("browser-operator");
      const code = callback?.searchParams.get("code") ?? "";
      expect(code).not.toBe("");
      expect(problems).toEqual([]);

      const exchanged = await tokenRequest(server.url, {
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
        client_id: client.client_id,
        client_secret: client.client_secret,
        resource: server.url,
      });
      expect(exchanged.status).toBe(200);
      const { access_token: token } = (await exchanged.json()) as { access_token: string };
      const mcp = await fetch(new URL("/mcp", server.url), {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-11-25",
            capabilities: {},
            clientInfo: { name: "browser-test", version: "1" },
          },
        }),
      });
      expect(mcp.status).toBe(200);
      await mcp.text();
    } finally {
      await context.close();
    }
  });
});
