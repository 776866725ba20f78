/**
 * Browser tests drive Debian's `chromium` through `playwright-core` (no browser download). The binary
 * is found at CHROMIUM_PATH or the Debian location; `.ci/run` installs the package when it is missing.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from "playwright-core";
import { REPO_ROOT } from "../e2e/harness";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
  (path): path is string => Boolean(path),
);

export function chromiumPath(): string {
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found)
    throw new Error(
      `No Chromium found (tried ${CANDIDATES.join(", ")}). Install Debian's chromium package or set CHROMIUM_PATH.`,
    );
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

/** The two window sizes every page is checked at: an ordinary laptop and a phone. */
export const VIEWPORTS = {
  laptop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and CSP violations seen so far: a test expects none. */
  problems: string[];
}

/** A page in its own context whose console errors, uncaught errors and CSP reports are collected. */
export async function watchedPage(
  browser: Browser,
  options: { viewport: { width: number; height: number }; colorScheme?: "light" | "dark"; javaScriptEnabled?: boolean },
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: options.viewport,
    colorScheme: options.colorScheme ?? "light",
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return { page, context, problems };
}

/** Save a screenshot under docs/<folder>/<name>.png (committed, shown in the README). */
export async function screenshot(page: Page, folder: string, name: string): Promise<string> {
  const dir = join(REPO_ROOT, "docs", folder);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * The few browser globals page-side callbacks use. The project compiles against the Workers types, not
 * the DOM library (the two conflict), so callbacks that run in the page name what they need here.
 */
export interface PageWindow {
  innerWidth: number;
  innerHeight: number;
  document: { documentElement: { scrollWidth: number } };
}
/** True when the element's box lies inside the viewport (the user sees it without scrolling). */
export async function inView(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((element: { getBoundingClientRect(): { top: number; bottom: number; height: number } }) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= (globalThis as unknown as PageWindow).innerHeight && box.height > 0;
    });
}

/** How far the page is wider than the window (> 0 means the user must scroll sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const view = globalThis as unknown as PageWindow;
    return view.document.documentElement.scrollWidth - view.innerWidth;
  });
}
