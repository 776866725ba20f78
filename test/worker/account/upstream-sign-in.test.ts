/**
 * Console sign-in with GitHub (GitHub replaced at the network edge): the same callback URL as the
 * consent flow, told apart by the state; the same allowlists; a browser-bound, single-use state.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Browser } from "../../helpers/github-browser";
import { FakeGithub, type FakeGithubUser } from "../../helpers/github-fake";

const CLIENT = { clientId: "Iv1.console-client", clientSecret: "github-console-secret" };
const VARS = {
  SIGN_IN_METHODS: "github",
  GITHUB_CLIENT_ID: CLIENT.clientId,
  GITHUB_CLIENT_SECRET: CLIENT.clientSecret,
  ALLOWED_GITHUB_ORGS: "acme-corp",
};
const ALICE: FakeGithubUser = { id: 2001, login: "alice", name: "Alice Liddell", orgs: ["acme-corp"] };
const MALLORY: FakeGithubUser = { id: 2666, login: "mallory", orgs: ["evil"] };

let github: FakeGithub;
beforeEach(() => {
  github = new FakeGithub(CLIENT);
  github.install();
});
afterEach(() => vi.restoreAllMocks());

async function startAtGithub(browser: Browser): Promise<string> {
  const page = await browser.fetch("/account/sign-in");
  const html = await page.text();
  expect(html).toContain("Sign in with GitHub");
  expect(html).not.toContain('name="passphrase"');
  expect(page.headers.get("Content-Security-Policy")).toContain("form-action 'self' https://github.com");
  const form = /name="form" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const started = await browser.fetch("/account/sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ form, method: "github", next: "/account/activity" }),
  });
  expect(started.status).toBe(303);
  return started.headers.get("Location") ?? "";
}

describe("console sign-in with GitHub", () => {
  it("signs an allowed account in through the shared callback and lands on the page asked for", async () => {
    const browser = new Browser(VARS);
    const upstream = await startAtGithub(browser);
    const url = new URL(upstream);
    expect(url.origin + url.pathname).toBe("https://github.com/login/oauth/authorize");
    expect(url.searchParams.get("redirect_uri")).toBe("http://localhost/callback/github");
    expect(url.searchParams.get("state")).toMatch(/^console\./);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");

    const back = await browser.fetch(github.approve(upstream, ALICE));
    expect(back.status, await back.clone().text()).toBe(303);
    expect(back.headers.get("Location")).toBe("/account/activity");
    expect(browser.cookieNames()).toContain("outpost-console");
    expect(browser.cookieNames()).not.toContain("outpost-console-upstream");
    const console = await browser.fetch("/account");
    expect(console.status).toBe(200);
    const html = await console.text();
    expect(html).toContain("Alice Liddell (@alice)");
    expect(html).toContain("(github)");
  });

  it("refuses an account the allowlists do not admit, and starts no session", async () => {
    const browser = new Browser(VARS);
    const upstream = await startAtGithub(browser);
    const back = await browser.fetch(github.approve(upstream, MALLORY));
    expect(back.status).toBe(403);
    expect(await back.text()).toContain("can&#39;t use this connector");
    expect(browser.cookieNames()).not.toContain("outpost-console");
  });

  it("refuses the callback in another browser, or a second time", async () => {
    const browser = new Browser(VARS);
    const upstream = await startAtGithub(browser);
    const callback = github.approve(upstream, ALICE);
    const elsewhere = await new Browser(VARS).fetch(callback);
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain("opened in another browser");
    expect((await browser.fetch(callback)).status).toBe(303);
    expect((await browser.fetch(callback)).status).toBe(400);
  });
});
