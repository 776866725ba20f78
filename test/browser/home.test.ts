import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../e2e/harness";
import { horizontalOverflow, launchChromium, screenshot, VIEWPORTS, watchedPage } from "./chromium";

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDevServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the home page in Chromium", () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`shows the connector URL without horizontal scrolling at ${viewport.width}×${viewport.height}`, async () => {
      const { page, context, problems } = await watchedPage(browser, { viewport });
      try {
        await page.goto(`${server.url}/`);
        await expect(page.locator("h1").first().textContent()).resolves.toBeTruthy();
        await expect(page.getByText(`${server.url}/mcp`).first().isVisible()).resolves.toBe(true);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await screenshot(page, "screenshots", `home-${name}`);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
