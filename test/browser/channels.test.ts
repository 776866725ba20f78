/**
 * The console's channels pages in Chromium with scripts off, at a laptop's and a phone's width: the
 * pages are rendered from their components (the routes and real Outbox objects are covered by
 * test/worker/account/channels-routes.test.ts) and served to the browser from an intercepted
 * origin, so the forms really submit and what they send is checked.
 */
import type { Browser, Request as BrowserRequest } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelView } from "../../src/notify/types";
import { ChannelsPage, type ChannelUrls, RemoveChannelPage } from "../../src/web/account/channels-page";
import { horizontalOverflow, launchChromium, screenshot, VIEWPORTS, watchedPage } from "./chromium";

const ORIGIN = "http://console.test";
const BASE = "/account/channels";
const CSRF = "csrf-token-for-this-session";

const urls: ChannelUrls = {
  list: BASE,
  add: `${BASE}/add`,
  test: (channel) => `${BASE}/${channel.id}/test`,
  remove: (channel) => `${BASE}/${channel.id}/remove`,
};

const channels: ChannelView[] = [
  {
    id: "ch_phone234",
    name: "phone",
    service: "ntfy",
    target: "ntfy.sh/…/erts",
    signed: false,
    isDefault: true,
    createdAt: "2026-11-01T09:00:00.000Z",
  },
  {
    id: "ch_team2345",
    name: "team-alerts-for-the-whole-operations-grp",
    service: "slack",
    target: "hooks.slack.com/…/x7Qa",
    signed: false,
    isDefault: false,
    createdAt: "2026-11-02T09:00:00.000Z",
  },
  {
    id: "ch_hook3456",
    name: "ci",
    service: "webhook",
    target: "build-notifications.internal-tools.example-company.com:8443/…/k9Zz",
    signed: true,
    isDefault: false,
    createdAt: "2026-11-03T09:00:00.000Z",
  },
];

const pages: Record<string, string> = {
  [BASE]: `<!doctype html>${ChannelsPage({
    channels,
    max: 10,
    csrf: CSRF,
    urls,
    notice: {
      kind: "error",
      text: 'The test message was not delivered to "team-alerts-for-the-whole-operations-grp": Slack answered 404 (no_service): the webhook was deleted or disabled. If the URL is wrong, remove the channel and add it again.',
    },
  })}`,
  [`${BASE}/ch_team2345/remove`]: `<!doctype html>${RemoveChannelPage({ channel: channels[1] as ChannelView, csrf: CSRF, urls })}`,
};

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Serve the rendered pages; record what forms POST (answered with an empty page). */
async function openPage(viewport: { width: number; height: number }, path: string) {
  const watched = await watchedPage(browser, { viewport, javaScriptEnabled: false });
  const posted: BrowserRequest[] = [];
  await watched.context.route(`${ORIGIN}/**`, async (route) => {
    const request = route.request();
    if (request.method() === "POST") {
      posted.push(request);
      await route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><p>posted</p>" });
      return;
    }
    const html = pages[new URL(request.url()).pathname];
    await route.fulfill(
      html ? { status: 200, contentType: "text/html; charset=utf-8", body: html } : { status: 404, body: "" },
    );
  });
  await watched.page.goto(`${ORIGIN}${path}`);
  return { ...watched, posted };
}

describe("the channels page in Chromium, scripts off", () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`lists channels and the add form without sideways scrolling at ${viewport.width}×${viewport.height}`, async () => {
      const { page, context, problems } = await openPage(viewport, BASE);
      try {
        await expect(page.getByText("team-alerts-for-the-whole-operations-grp").first().isVisible()).resolves.toBe(
          true,
        );
        await expect(page.getByRole("button", { name: "Add channel" }).isVisible()).resolves.toBe(true);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await screenshot(page, "screenshots", `channels-${name}`);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it("the add form posts service, URL, name, secret and the CSRF token without any script", async () => {
    const { page, context, posted } = await openPage(VIEWPORTS.phone, BASE);
    try {
      await page.selectOption('select[name="service"]', "webhook");
      await page.fill('input[name="url"]', "https://hooks.example.com/outpost/t0ken");
      await page.fill('input[name="name"]', "ci-2");
      await page.fill('input[name="secret"]', "a-signing-secret-of-32-characters");
      await page.check('input[name="makeDefault"]');
      await screenshot(page, "screenshots", "channels-add-phone");
      await page.getByRole("button", { name: "Add channel" }).click();
      await page.waitForLoadState();
      expect(posted.map((request) => new URL(request.url()).pathname)).toEqual([`${BASE}/add`]);
      const form = new URLSearchParams(posted[0]?.postData() ?? "");
      expect(Object.fromEntries(form)).toEqual({
        csrf: CSRF,
        service: "webhook",
        url: "https://hooks.example.com/outpost/t0ken",
        name: "ci-2",
        secret: "a-signing-secret-of-32-characters",
        makeDefault: "on",
      });
    } finally {
      await context.close();
    }
  });

  it("Send a test posts to that channel; Remove… opens a confirmation whose button posts the removal", async () => {
    const { page, context, posted, problems } = await openPage(VIEWPORTS.phone, BASE);
    try {
      await page.getByRole("button", { name: "Send a test" }).nth(1).click();
      await page.waitForLoadState();
      await page.goto(`${ORIGIN}${BASE}`);
      await page.getByRole("link", { name: "Remove…" }).nth(1).click();
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toBe(`${BASE}/ch_team2345/remove`);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, "screenshots", "channels-remove-phone");
      await page.getByRole("button", { name: "Remove channel" }).click();
      await page.waitForLoadState();
      expect(posted.map((request) => new URL(request.url()).pathname)).toEqual([
        `${BASE}/ch_team2345/test`,
        `${BASE}/ch_team2345/remove`,
      ]);
      expect(posted.map((request) => new URLSearchParams(request.postData() ?? "").get("csrf"))).toEqual([CSRF, CSRF]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
