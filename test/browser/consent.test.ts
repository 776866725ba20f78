/**
 * The consent page as a person meets it, in Chromium at a laptop's and a phone's window size: who is
 * asking is on screen when the page opens, a wrong passphrase's error is on screen after the post,
 * and approving lands on the app's callback with a code. Screenshots go to docs/screenshots/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../e2e/harness";
import { pkcePair, REDIRECT_URI, registerClient } from "../e2e/oauth";
import { horizontalOverflow, inView, launchChromium, screenshot, VIEWPORTS, watchedPage } from "./chromium";

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDevServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function authorizeUrl(clientName: string): Promise<string> {
  const client = await registerClient(server.url, clientName);
  const { challenge } = pkcePair();
  const url = new URL("/authorize", server.url);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: "S256",
    scope: "workspace:read workspace:write weather:read offline_access",
    state: "browser-state",
    resource: `${server.url}/mcp`,
  }).toString();
  return url.toString();
}

/** The app's callback is not running: catch the navigation to it and report the URL the browser was sent to. */
async function catchCallback(page: Page): Promise<{ reached: Promise<URL> }> {
  let resolve!: (url: URL) => void;
  const reached = new Promise<URL>((done) => {
    resolve = done;
  });
  await page.route(`${new URL(REDIRECT_URI).origin}/**`, (route) => {
    resolve(new URL(route.request().url()));
    return route.fulfill({
      status: 200,
      contentType: "text/html",
      body: "<!doctype html><title>Callback</title><p>Connected.</p>",
    });
  });
  return { reached };
}

describe("the consent page in Chromium", () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`keeps who is asking and a failed approval's error in view at ${viewport.width}×${viewport.height}, then approves`, async () => {
      const { page, context, problems } = await watchedPage(browser, { viewport });
      try {
        const { reached: callback } = await catchCallback(page);
        await page.goto(await authorizeUrl("Browser Test App"));
        expect(await inView(page, "h1")).toBe(true);
        await expect(page.locator("h1").textContent()).resolves.toContain("Browser Test App");
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await screenshot(page, "screenshots", `consent-${name}`);
        expect(problems).toEqual([]);

        await page.fill("#passphrase", "not the passphrase");
        await page.click('button[name="decision"][value="approve"]');
        await page.waitForSelector('[role="alert"]');
        expect(await inView(page, "h1")).toBe(true);
        expect(await inView(page, '[role="alert"]')).toBe(true);
        await expect(page.locator('[role="alert"]').textContent()).resolves.toMatch(/passphrase/i);
        await screenshot(page, "screenshots", `consent-error-${name}`);
        // The refused approval is answered 401 (the page again, with the error), which Chromium logs.
        expect(problems.splice(0)).toEqual([
          "console: Failed to load resource: the server responded with a status of 401 (Unauthorized)",
        ]);

        await page.fill("#passphrase", server.passphrase);
        await page.click('button[name="decision"][value="approve"]');
        const reached = await callback;
        expect(reached.searchParams.get("code")).toBeTruthy();
        expect(reached.searchParams.get("state")).toBe("browser-state");
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it("works with scripts off: the form posts and redirects without any script", async () => {
    const { page, context } = await watchedPage(browser, { viewport: VIEWPORTS.phone, javaScriptEnabled: false });
    try {
      const { reached: callback } = await catchCallback(page);
      await page.goto(await authorizeUrl("No Script App"));
      await page.fill("#passphrase", server.passphrase);
      await page.click('button[name="decision"][value="approve"]');
      expect((await callback).searchParams.get("code")).toBeTruthy();
    } finally {
      await context.close();
    }
  });
});
