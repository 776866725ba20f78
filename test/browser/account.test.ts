/**
 * The owner's console in Chromium against `wrangler dev`, scripts off: sign in at a laptop's and a
 * phone's window size, see a connected app and a real tool call in the activity log, revoke the
 * app and see its token refused by /mcp. Screenshots go to docs/screenshots/account-*.png.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../e2e/harness";
import { signIn } from "../e2e/oauth";
import { MCP_HEADERS, modernRequest } from "../helpers/mcp-wire";
import { horizontalOverflow, launchChromium, screenshot, VIEWPORTS, watchedPage } from "./chromium";

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDevServer(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** One stateless (2026-07-28) tools/call, as Claude's connector makes it; returns the HTTP status. */
async function callCalculate(token: string, expression: string): Promise<number> {
  const request = modernRequest("tools/call", { name: "calculate", arguments: { expression } });
  const response = await fetch(`${server.url}/mcp`, {
    method: "POST",
    headers: { ...MCP_HEADERS, ...request.headers, Authorization: `Bearer ${token}` },
    body: JSON.stringify(request.body),
  });
  await response.text();
  return response.status;
}

async function signInToConsole(page: Page): Promise<void> {
  await page.goto(`${server.url}/account`);
  expect(new URL(page.url()).pathname).toBe("/account/sign-in");
  await page.fill("#passphrase", server.passphrase);
  await page.click("button[value=passphrase]");
  await page.waitForURL(`${server.url}/account`);
}

/** A doctor run with a failure and a warning, sent as `outpost doctor <url> --report` sends it. */
async function recordDoctorRun(): Promise<number> {
  const response = await fetch(`${server.url}/account/api/doctor-runs`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`owner:${server.passphrase}`).toString("base64")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      doctor_version: "0.1.0",
      target: "https://outpost.a-rather-long-subdomain-of-the-operator.workers.dev/mcp",
      summary: { pass: 24, warn: 1, fail: 1, skip: 0 },
      checks: [
        { id: "cors.preflight", status: "fail", title: "CORS preflight for claude.ai" },
        { id: "tls.https", status: "warn", title: "HTTPS" },
      ],
    }),
  });
  await response.body?.cancel();
  return response.status;
}

function noHorizontalScroll(page: Page): Promise<number> {
  return horizontalOverflow(page);
}

describe("the owner's console in Chromium", () => {
  it("signs in on a phone, scripts off, and shows the connected app", async () => {
    const { tokens } = await signIn(server.url, {
      passphrase: server.passphrase,
      clientName: "Phone Test App",
      scope: "calc:use offline_access",
    });
    expect(await callCalculate(tokens.access_token, "2+2")).toBe(200);
    const { page, context, problems } = await watchedPage(browser, {
      viewport: VIEWPORTS.phone,
      javaScriptEnabled: false,
    });
    try {
      await page.goto(`${server.url}/account/sign-in`);
      await screenshot(page, "screenshots", "account-sign-in-phone");
      await signInToConsole(page);
      await expect(page.getByRole("heading", { name: "Phone Test App" }).isVisible()).resolves.toBe(true);
      expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(0);
      await screenshot(page, "screenshots", "account-apps-phone");

      // A doctor run recorded as `outpost doctor --report` records it, then the status page shows it.
      expect(await recordDoctorRun()).toBe(201);
      await page.goto(`${server.url}/account/status`);
      await expect(page.getByRole("heading", { name: "Last doctor run" }).isVisible()).resolves.toBe(true);
      await expect(page.getByText("CORS preflight for claude.ai").isVisible()).resolves.toBe(true);
      expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(0);
      await screenshot(page, "screenshots", "account-status-phone");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("at a laptop's size: a real tool call in the activity log, then Revoke refuses the app's token", async () => {
    const { tokens } = await signIn(server.url, {
      passphrase: server.passphrase,
      clientName: "Laptop Test App",
      scope: "calc:use offline_access",
    });
    expect(await callCalculate(tokens.access_token, "6*7")).toBe(200);
    const { page, context, problems } = await watchedPage(browser, {
      viewport: VIEWPORTS.laptop,
      javaScriptEnabled: false,
    });
    try {
      await signInToConsole(page);
      await expect(page.getByRole("heading", { name: "Laptop Test App" }).isVisible()).resolves.toBe(true);
      await screenshot(page, "screenshots", "account-apps-laptop");

      await page.click("nav.console >> text=Activity");
      await page.waitForURL(`${server.url}/account/activity`);
      const row = page.locator("tr", { hasText: "Laptop Test App" }).filter({ hasText: "calculate" });
      await expect(row.first().isVisible()).resolves.toBe(true);
      await expect(row.first().textContent()).resolves.toContain("ok");
      // Arguments are not kept by default.
      await expect(page.content()).resolves.not.toContain("6*7");
      expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(0);
      await screenshot(page, "screenshots", "account-activity-laptop");

      await page.click("nav.console >> text=Status");
      await page.waitForURL(`${server.url}/account/status`);
      await screenshot(page, "screenshots", "account-status-laptop");

      await page.click("nav.console >> text=Connected apps");
      await page.click("button:has-text('Revoke Laptop Test App')");
      await page.waitForURL(`${server.url}/account?revoked`);
      await expect(page.getByRole("heading", { name: "Laptop Test App" }).count()).resolves.toBe(0);
      await expect(page.getByRole("heading", { name: "Phone Test App" }).isVisible()).resolves.toBe(true);
      await screenshot(page, "screenshots", "account-revoked-laptop");
      expect(await callCalculate(tokens.access_token, "1+1")).toBe(401);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
