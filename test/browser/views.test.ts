/**
 * The MCP Apps views in Chromium, hosted by the package's own `AppBridge` (host/views-host.ts) against a
 * real `wrangler dev`: the view's HTML comes from `resources/read` over an MCP session, real tool
 * results are fed to it, and its own tool calls go back through the host to the server. Every
 * view is checked and photographed at laptop and phone width in light and dark (docs/views/). A
 * console error, an uncaught error or a CSP violation in the host or the view fails the test.
 */
import { join } from "node:path";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { build } from "esbuild";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, REPO_ROOT, startDevServer } from "../e2e/harness";
import { HeadlessOAuthProvider } from "../e2e/oauth";
import compareResult from "../fixtures/views/weather-compare.json";
import forecastResult from "../fixtures/views/weather-forecast-lisbon.json";
import { launchChromium, screenshot, VIEWPORTS, type WatchedPage, watchedPage } from "./chromium";
import { gradientPng, lowestContrast, startReceiver, TEXT } from "./view-checks";

const VIEW_MIME_TYPE = "text/html;profile=mcp-app";

/** What host/views-host.ts puts on the host page's window (this file is checked without the DOM). */
interface HostWindow {
  showView(options: unknown): Promise<void>;
  setTheme(theme: "light" | "dark"): void;
  cancelTool(reason: string): Promise<void>;
  toolCalls: { name: string; arguments?: Record<string, unknown> }[];
}

let server: DevServer;
let browser: Browser;
let client: Client;
let hostPage: string;
let receiver: { url: string; close(): Promise<void> };
let receiverUrl: string;

async function connect(): Promise<Client> {
  const provider = new HeadlessOAuthProvider({ passphrase: server.passphrase, clientName: "Outpost views test host" });
  const url = new URL("/mcp", server.url);
  const first = new StreamableHTTPClientTransport(url, { authProvider: provider });
  await expect(new Client({ name: "outpost-views-test", version: "1.0.0" }).connect(first)).rejects.toBeInstanceOf(
    UnauthorizedError,
  );
  await first.finishAuth(provider.takeCode());
  await first.close();
  const connected = new Client({ name: "outpost-views-test", version: "1.0.0" });
  await connected.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
  return connected;
}

async function bundleHost(): Promise<string> {
  const result = await build({
    entryPoints: [join(REPO_ROOT, "test/browser/host/views-host.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const script = result.outputFiles[0]!.text.replace(/<\/(script)/gi, "<\\/$1");
  const style = [
    "body { margin: 0; padding: 16px; font-family: system-ui, sans-serif; background: #faf9f5; }",
    'body[data-theme="dark"] { background: #1f1e1d; }',
    "iframe { display: block; width: 100%; border: 1px solid #d4d1ca; border-radius: 10px; height: 200px; }",
  ].join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test host</title><style>${style}</style></head><body><script>${script}</script></body></html>`;
}

beforeAll(async () => {
  receiver = await startReceiver();
  receiverUrl = receiver.url;
  // Loopback channels are a development switch: the receiver above is the channels' only far end.
  [server, browser, hostPage] = await Promise.all([
    startDevServer({ vars: { NOTIFY_ALLOW_LOOPBACK: "true" } }),
    launchChromium(),
    bundleHost(),
  ]);
  client = await connect();
}, 120_000);

afterAll(async () => {
  await client?.close();
  await browser?.close();
  await server?.stop();
  await receiver?.close();
});

interface Hosted extends WatchedPage {
  view: FrameLocator;
}

/** A host page in Chromium whose view calls tools on the real server through the session. */
async function openHost(): Promise<Hosted> {
  const watched = await watchedPage(browser, { viewport: VIEWPORTS.laptop, colorScheme: "light" });
  await watched.page.exposeFunction("callServerTool", (params: { name: string; arguments?: Record<string, unknown> }) =>
    client.callTool(params),
  );
  await watched.page.setContent(hostPage);
  return { ...watched, view: watched.page.frameLocator("#view") };
}

/** Read the view the tool names and show it with a result, as a host does after a tools/call. */
async function show(
  page: Page,
  toolName: string,
  toolArguments: Record<string, unknown>,
  toolResult: unknown,
  theme: "light" | "dark" = "light",
): Promise<void> {
  const { tools } = await client.listTools();
  const uri = (tools.find((tool) => tool.name === toolName)?._meta?.ui as { resourceUri?: string } | undefined)
    ?.resourceUri;
  expect(uri, `${toolName} names a view`).toMatch(/^ui:\/\//);
  const { contents } = await client.readResource({ uri: uri! });
  const [content] = contents as { mimeType?: string; text?: string; _meta?: { ui?: { csp?: unknown } } }[];
  expect(content?.mimeType).toBe(VIEW_MIME_TYPE);
  await page.evaluate((options) => (globalThis as unknown as HostWindow).showView(options), {
    html: content!.text!,
    csp: content!._meta!.ui!.csp,
    toolArguments,
    toolResult,
    theme,
  });
}

/**
 * Screenshots at both widths in both themes; the view must fit the phone's width without scrolling
 * sideways and keep its text at 4.5:1 contrast at least (WCAG 2.2 AA) in both themes.
 */
async function photograph(hosted: Hosted, name: string, ready: string): Promise<void> {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    for (const theme of ["light", "dark"] as const) {
      await hosted.page.setViewportSize(viewport);
      await hosted.page.emulateMedia({ colorScheme: theme });
      await hosted.page.evaluate((value) => (globalThis as unknown as HostWindow).setTheme(value), theme);
      await expect.poll(() => hosted.view.locator("html").getAttribute("data-theme")).toBe(theme);
      await hosted.view.locator(ready).first().waitFor();
      const overflow = await hosted.view.locator("html").evaluate((root) => root.scrollWidth - root.clientWidth);
      expect(overflow, `${name} at ${size} scrolls sideways`).toBeLessThanOrEqual(0);
      const contrast = await lowestContrast(hosted.view, TEXT);
      expect(contrast.ratio, `${name} in ${theme}: "${contrast.text}"`).toBeGreaterThanOrEqual(4.5);
      await screenshot(hosted.page, "views", `${name}-${size}-${theme}`);
    }
  }
}

async function withHost(run: (hosted: Hosted) => Promise<void>): Promise<void> {
  const hosted = await openHost();
  try {
    await run(hosted);
    expect(hosted.problems).toEqual([]);
  } finally {
    await hosted.context.close();
  }
}

describe("the test host", () => {
  it("reports a CSP violation inside a view as a problem", async () => {
    const hosted = await openHost();
    try {
      const { contents } = await client.readResource({ uri: "ui://weather/forecast.html" });
      const html = (contents[0] as { text: string }).text.replace(
        "</body>",
        "<script>document.title = 'injected';</script></body>",
      );
      await hosted.page.evaluate((options) => (globalThis as unknown as HostWindow).showView(options), {
        html,
        csp: {},
        toolArguments: {},
        toolResult: forecastResult,
        theme: "light",
      });
      await expect.poll(() => hosted.problems.join("\n")).toContain("Content Security Policy");
    } finally {
      await hosted.context.close();
    }
  });
});

describe("the weather view", () => {
  it("charts a forecast: temperature band, precipitation and wind, with the numbers in a table", async () => {
    await withHost(async ({ page, view, ...rest }) => {
      await show(page, "weather_forecast", { place: "Lisbon", days: 10 }, forecastResult);
      await expect.poll(() => view.locator("h1").textContent()).toBe("10-day forecast · Lisbon, Portugal");
      const chart = view.getByRole("img", { name: /Forecast for Lisbon, Portugal/ });
      await expect(chart.count()).resolves.toBe(1);
      const wetDays = forecastResult.structuredContent.days.filter((day) => (day.precipitation ?? 0) > 0).length;
      expect(wetDays).toBeGreaterThan(0);
      await expect(view.locator("svg rect.rain").count()).resolves.toBe(wetDays);
      await expect(view.locator("svg polygon.band").count()).resolves.toBe(1);
      await expect(view.locator("svg polyline.wind").count()).resolves.toBe(1);
      await expect(view.locator(".sub").textContent()).resolves.toContain("°C");
      // The table opens from the keyboard.
      await view.locator("summary").focus();
      await page.keyboard.press("Enter");
      await expect(view.locator("tbody tr").count()).resolves.toBe(10);
      await expect(view.locator("tbody tr").first().textContent()).resolves.toContain("Partly cloudy");
      await photograph({ page, view, ...rest }, "weather-forecast", "svg.chart");
    });
  });

  it("compares places, with the one that could not be found explained in its row", async () => {
    await withHost(async (hosted) => {
      await show(hosted.page, "weather_compare", { places: ["Lisbon", "Oslo", "Cairo", "Atlantis"] }, compareResult);
      await expect.poll(() => hosted.view.locator("h1").textContent()).toBe("Weather in 4 places");
      await expect(hosted.view.locator(".track").count()).resolves.toBe(3);
      await expect(hosted.view.locator(".place-error").textContent()).resolves.toContain("Atlantis");
      await photograph(hosted, "weather-compare", ".compare");
    });
  });

  it("waits for a result, and says so when the call is cancelled instead", async () => {
    await withHost(async (hosted) => {
      await show(hosted.page, "weather_forecast", { place: "Lisbon" }, undefined);
      await expect.poll(() => hosted.view.getByRole("status").textContent()).toContain("Getting the forecast");
      await hosted.page.evaluate(() => (globalThis as unknown as HostWindow).cancelTool("user"));
      await expect.poll(() => hosted.view.getByRole("alert").textContent()).toContain("The forecast was cancelled.");
    });
  });

  it("shows the server's own error when the forecast fails", async () => {
    await withHost(async (hosted) => {
      // This machine cannot reach Open-Meteo: a real failed result, as Claude would get it.
      const failed = await client.callTool({ name: "weather_forecast", arguments: { place: "Lisbon" } });
      expect(failed.isError).toBe(true);
      await show(hosted.page, "weather_forecast", { place: "Lisbon" }, failed);
      await expect.poll(() => hosted.view.getByRole("alert").textContent()).toContain("No forecast this time.");
      const text = (failed.content as { text: string }[])[0]!.text;
      await expect(hosted.view.getByRole("alert").textContent()).resolves.toContain(text.slice(0, 40));
      await screenshot(hosted.page, "views", "weather-error-laptop-light");
    });
  });
});

/** A tool call that must succeed; returns its structured content. */
async function call(name: string, args: Record<string, unknown>): Promise<Record<string, any>> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError, `${name}: ${JSON.stringify(result.content)}`).toBeFalsy();
  return result.structuredContent as Record<string, any>;
}

describe("the notification history view", () => {
  it("explains an empty history", async () => {
    await withHost(async (hosted) => {
      const empty = await client.callTool({ name: "notify_history", arguments: {} });
      await show(hosted.page, "notify_history", {}, empty);
      await expect
        .poll(() => hosted.view.getByRole("status").textContent())
        .toContain("No notifications have been sent yet.");
      await screenshot(hosted.page, "views", "notify-history-empty-laptop-light");
    });
  });

  it("shows deliveries with state and attempts, filters by state and pages through older ones", async () => {
    await call("notify_channel_add", {
      service: "webhook",
      url: `${receiverUrl}/ok`,
      name: "phone",
      makeDefault: true,
    });
    await call("notify_channel_add", { service: "webhook", url: `${receiverUrl}/busy`, name: "team-alerts" });
    await call("notify_channel_add", { service: "webhook", url: `${receiverUrl}/gone`, name: "old-hook" });
    await call("notify_send", { message: "The nightly backup finished: 14 GB in 6 minutes.", title: "Backup done" });
    await call("notify_send", {
      message: "Deploy of outpost 0.1.0 is waiting for your approval.",
      channel: "team-alerts",
      priority: "high",
    });
    await call("notify_send", { message: "Weekly report is ready.", channel: "old-hook" });
    await call("notify_channel_test", { channel: "phone" });
    await call("notify_send", { message: "Reminder: dentist at 15:30.", priority: "urgent" });
    // Wait until the refused one has failed (the overloaded one stays pending, retried later).
    await expect
      .poll(async () => (await call("notify_history", { state: "failed" })).total, { timeout: 20_000 })
      .toBeGreaterThan(0);

    await withHost(async (hosted) => {
      const first = await client.callTool({ name: "notify_history", arguments: { limit: 3 } });
      const firstPage = first.structuredContent as { deliveries: unknown[]; total: number; nextCursor?: string };
      expect(firstPage.total).toBe(5);
      expect(firstPage.nextCursor).toBeTruthy();
      await show(hosted.page, "notify_history", { limit: 3 }, first);
      const cards = hosted.view.locator("li.delivery");
      await expect.poll(() => cards.count()).toBe(3);
      await expect(hosted.view.locator(".sub").textContent()).resolves.toContain("5 notifications");

      // Older ones come from notify_history itself, through the host, with the tool's own cursor.
      await hosted.view.getByRole("button", { name: "Show older" }).click();
      await expect.poll(() => cards.count()).toBe(5);
      expect(await hosted.page.evaluate(() => (globalThis as unknown as HostWindow).toolCalls)).toEqual([
        { name: "notify_history", arguments: { limit: 3, cursor: firstPage.nextCursor } },
      ]);
      await expect(hosted.view.getByRole("button", { name: "Show older" }).count()).resolves.toBe(0);
      await expect(hosted.view.locator("li.state-delivered").count()).resolves.toBe(3);
      await expect(hosted.view.locator("li.state-pending").count()).resolves.toBe(1);
      await expect(hosted.view.locator("li.state-pending .meta").textContent()).resolves.toMatch(
        /attempts .*Next attempt/,
      );
      await expect(hosted.view.locator("li.state-failed .reason").textContent()).resolves.toContain("404");
      await photograph(hosted, "notify-history", "li.delivery");

      // A state filter from the keyboard.
      await hosted.view.getByRole("button", { name: "Failed" }).focus();
      await hosted.page.keyboard.press("Enter");
      await expect.poll(() => cards.count()).toBe(1);
      await expect(hosted.view.getByRole("button", { name: "Failed" }).getAttribute("aria-pressed")).resolves.toBe(
        "true",
      );
      await expect(hosted.view.locator(".sub").textContent()).resolves.toContain("1 failed notification");
    });
  });
});

describe("the workspace view", () => {
  it("explains a search that finds nothing", async () => {
    await withHost(async (hosted) => {
      const none = await client.callTool({ name: "notes_search", arguments: { query: "budget" } });
      await show(hosted.page, "notes_search", { query: "budget" }, none);
      await expect.poll(() => hosted.view.getByRole("status").textContent()).toContain("No notes match.");
      await screenshot(hosted.page, "views", "workspace-empty-laptop-light");
    });
  });

  it("searches with highlights, pages, filters by tag, opens a note and previews an image, all through the host", async () => {
    await call("notes_create", {
      title: "Q3 budget review",
      body: "The budget for Q3 is 12% under plan. Travel is the largest saving.",
      tags: ["work", "finance"],
    });
    await call("notes_create", {
      title: "Household budget",
      body: "Groceries and energy: keep the monthly budget under 900 EUR.",
      tags: ["home", "finance"],
    });
    await call("notes_create", {
      title: "Offsite planning",
      body: "Venue shortlist; the budget needs sign-off by Friday.",
      tags: ["work"],
    });
    await call("notes_create", {
      title: "Reading list",
      body: "Designing Data-Intensive Applications; The Pragmatic Programmer.",
      tags: ["home"],
    });
    await call("notes_create", {
      title: 'Pantry <img src=x onerror="alert(1)">',
      body: "Pantry: <script>alert(2)</script> rice, lentils, **not bold**.",
    });
    await call("files_upload", { name: "sunset.png", content: gradientPng(320, 180), encoding: "base64" });
    await call("files_upload", { name: "todo.txt", content: "Buy stamps\nCall the plumber\n" });

    await withHost(async (hosted) => {
      const { view, page } = hosted;
      const first = await client.callTool({ name: "notes_search", arguments: { query: "budget", limit: 2 } });
      expect((first.structuredContent as { nextCursor?: string }).nextCursor).toBeTruthy();
      await show(page, "notes_search", { query: "budget", limit: 2 }, first);
      const results = view.locator("li.result");
      await expect.poll(() => results.count()).toBe(2);
      await expect(view.locator("li.result mark").first().textContent()).resolves.toMatch(/budget/i);
      await expect(view.locator("h1").textContent()).resolves.toBe("Notes matching “budget”");

      // The next page, from notes_search's own cursor.
      await view.getByRole("button", { name: /^Show (1 )?more$/ }).click();
      await expect.poll(() => results.count()).toBe(3);
      // Tags arrive from notes_tags; every call so far went through the host.
      await view.getByRole("button", { name: /^#work/ }).waitFor();
      await photograph(hosted, "workspace-search", "li.result mark");
      const calls = await page.evaluate(() => (globalThis as unknown as HostWindow).toolCalls);
      expect(calls.map((entry) => entry.name)).toEqual(["notes_tags", "notes_search"]);
      expect(calls[1]?.arguments).toMatchObject({
        query: "budget",
        cursor: (first.structuredContent as { nextCursor: string }).nextCursor,
      });

      // A tag filter lists that tag's notes.
      await view.getByRole("button", { name: /^#home/ }).click();
      await expect.poll(() => view.locator("h1").textContent()).toBe("Notes tagged “home”");
      await expect.poll(() => results.count()).toBe(2);
      await expect(view.getByRole("button", { name: /^#home/ }).getAttribute("aria-pressed")).resolves.toBe("true");

      // Open a note, and come back.
      await view.getByRole("button", { name: "Open Reading list" }).click();
      await expect.poll(() => view.locator("article.note .body").textContent()).toContain("Pragmatic Programmer");
      await view.getByRole("button", { name: "← Back" }).click();
      await expect.poll(() => view.locator("h1").textContent()).toBe("Notes tagged “home”");

      // A search typed in the view, sent with the keyboard.
      await view.getByLabel("Search notes").fill("groceries");
      await page.keyboard.press("Enter");
      await expect.poll(() => view.locator("h1").textContent()).toBe("Notes matching “groceries”");
      await expect(results.count()).resolves.toBe(1);

      // Markup in a user's note is text in the view: nothing is parsed, nothing runs.
      await view.getByLabel("Search notes").fill("pantry");
      await view.getByRole("button", { name: "Search", exact: true }).click();
      await expect
        .poll(() => view.locator("li.result .link").textContent())
        .toBe('Pantry <img src=x onerror="alert(1)">');
      await view.getByRole("button", { name: /^Open Pantry/ }).click();
      await expect
        .poll(() => view.locator("article.note .body").textContent())
        .toBe("Pantry: <script>alert(2)</script> rice, lentils, **not bold**.");
      await expect(view.locator("article img, li.result img, .snippet img, .body script").count()).resolves.toBe(0);
      await view.getByRole("button", { name: "← Back" }).click();

      // Files: the list, then an image preview from files_get's image content.
      await view.getByRole("button", { name: "Files" }).click();
      await expect.poll(() => view.locator("li.file").count()).toBe(2);
      await view.getByRole("button", { name: "Preview sunset.png" }).click();
      const preview = view.getByRole("img", { name: "Preview of sunset.png" });
      await preview.waitFor();
      await expect
        .poll(() => preview.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth))
        .toBeGreaterThan(0);
      await photograph(hosted, "workspace-image", "img.preview");

      // A tool error in the view is explained in place.
      await view.getByRole("button", { name: "← Back" }).click();
      await view.getByRole("button", { name: "Notes" }).click();
      await view.getByLabel("Search notes").fill("x".repeat(501));
      await page.keyboard.press("Enter");
      await expect.poll(() => view.getByRole("alert").textContent()).toContain("That did not work.");
    });
  });
});
