/**
 * GitHub sign-in through the real worker, Durable Objects and KV, with GitHub replaced at the
 * network edge: consent first, then GitHub with PKCE; the org allowlist decides who gets in.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Browser } from "../helpers/github-browser";
import { FakeGithub, type FakeGithubUser } from "../helpers/github-fake";
import { oauthHelpers } from "../helpers/grants";
import {
  ALL_SCOPES,
  authorizeUrl,
  type Client,
  exchangeCode,
  INITIALIZE,
  pkcePair,
  postMcp,
  registerClient,
  rpc,
  type Tokens,
} from "../helpers/worker";

const CLIENT = { clientId: "Iv1.test-client", clientSecret: "github-test-secret" };
const VARS = {
  SIGN_IN_METHODS: "github",
  GITHUB_CLIENT_ID: CLIENT.clientId,
  GITHUB_CLIENT_SECRET: CLIENT.clientSecret,
  ALLOWED_GITHUB_ORGS: "acme-corp",
  CONSENT_COOKIE_SECRET: "a-test-secret-that-is-at-least-32-characters",
};
const ALICE: FakeGithubUser = { id: 1001, login: "alice", name: "Alice Liddell", orgs: ["acme-corp"] };
const BOB: FakeGithubUser = { id: 1002, login: "bob", orgs: ["Acme-Corp", "other"] };
const CAROL: FakeGithubUser = { id: 1003, login: "carol", orgs: ["acme-corp"] };
const MALLORY: FakeGithubUser = { id: 6666, login: "mallory", orgs: ["evil"] };

let github: FakeGithub;
beforeEach(() => {
  github = new FakeGithub(CLIENT);
  github.install();
});
afterEach(() => vi.restoreAllMocks());

interface Started {
  browser: Browser;
  client: Client;
  verifier: string;
  path: string;
  /** GitHub's authorize URL the worker redirected to. */
  upstream: string;
}

/** Register a client, open consent in a fresh browser, approve with GitHub; returns GitHub's URL. */
async function startAtGithub(
  options: { vars?: Record<string, string>; browser?: Browser; remember?: boolean; scopes?: string[] } = {},
): Promise<Started> {
  const browser = options.browser ?? new Browser({ ...VARS, ...options.vars });
  const client = await registerClient("GitHub test client");
  const { verifier, challenge } = await pkcePair();
  const path = authorizeUrl(client, challenge, {
    scope: [...ALL_SCOPES, "offline_access"].join(" "),
    state: "client-state",
  });
  const page = await browser.openConsent(path);
  expect(page.response.status).toBe(200);
  const fields: [string, string][] = [
    ["handle", page.handle],
    ["method", "github"],
    ...(options.scopes ?? ALL_SCOPES).map((s): [string, string] => ["scope", s]),
  ];
  if (options.remember) fields.push(["remember", "yes"]);
  const approved = await browser.submit(path, fields);
  expect(approved.status, await approved.clone().text()).toBe(302);
  return { browser, client, verifier, path, upstream: approved.headers.get("Location") ?? "" };
}

/** Follow GitHub's redirect back to the worker's callback. */
function callback(browser: Browser, url: string): Promise<Response> {
  return browser.fetch(url);
}

async function tokensFrom(started: Started, response: Response): Promise<Tokens> {
  expect(response.status, await response.clone().text()).toBe(302);
  const location = new URL(response.headers.get("Location") ?? "");
  expect(location.searchParams.get("state")).toBe("client-state");
  const exchanged = await exchangeCode(started.client, location.searchParams.get("code") ?? "", started.verifier);
  expect(exchanged.status).toBe(200);
  return (await exchanged.json()) as Tokens;
}

async function openSession(token: string): Promise<string> {
  const response = await postMcp(token, INITIALIZE);
  await response.text();
  return response.headers.get("mcp-session-id") ?? "";
}

describe("GitHub sign-in", () => {
  it("shows consent before GitHub, then redirects with PKCE S256 and only the scopes the allowlists need", async () => {
    const browser = new Browser(VARS);
    const client = await registerClient();
    const page = await browser.openConsent(authorizeUrl(client, "x".repeat(43)));
    expect(page.html).toContain("Approve with GitHub");
    expect(page.html).not.toContain('name="passphrase"');
    // Browsers apply form-action to the redirect after the POST: GitHub must be listed.
    expect(page.response.headers.get("Content-Security-Policy")).toMatch(
      /form-action 'self' http:\/\/127\.0\.0\.1:43111 https:\/\/github\.com/,
    );
    expect(github.requests).toEqual([]);

    const { upstream } = await startAtGithub();
    const url = new URL(upstream);
    expect(url.origin + url.pathname).toBe("https://github.com/login/oauth/authorize");
    expect(url.searchParams.get("redirect_uri")).toBe("http://localhost/callback/github");
    expect(url.searchParams.get("scope")).toBe("read:org");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("state")?.length).toBeGreaterThanOrEqual(32);
  });

  it("admits a member of an allowed organisation and stores the grant under github:<id>", async () => {
    const started = await startAtGithub();
    const tokens = await tokensFrom(started, await callback(started.browser, github.approve(started.upstream, ALICE)));
    expect(github.requests).toContain("GET https://api.github.com/user/memberships/orgs/acme-corp");

    const sessionId = await openSession(tokens.access_token);
    const info = await rpc(tokens.access_token, sessionId, "tools/call", { name: "session_info", arguments: {} });
    expect(info.result.structuredContent.user).toBe("Alice Liddell (@alice)");

    const grants = await oauthHelpers().listUserGrants("github%3A1001");
    expect(grants.items).toHaveLength(1);
    expect(grants.items[0]?.metadata).toMatchObject({ identity: "github", displayName: "Alice Liddell (@alice)" });
  });

  it("refuses someone outside the allowed organisations with a page and an access_denied link", async () => {
    const started = await startAtGithub();
    const response = await callback(started.browser, github.approve(started.upstream, MALLORY));
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain("can&#39;t use this connector");
    const link = /<a [^>]*href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const back = new URL(link);
    expect(back.origin + back.pathname).toBe(started.client.redirectUri);
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("state")).toBe("client-state");
    expect((await oauthHelpers().listUserGrants("github%3A6666")).items).toHaveLength(0);
  });

  it("admits by login and by a verified email domain, never by an unverified address", async () => {
    const byLogin = await startAtGithub({ vars: { ALLOWED_GITHUB_ORGS: "", ALLOWED_GITHUB_LOGINS: "Mallory" } });
    expect(new URL(byLogin.upstream).searchParams.get("scope")).toBe("");
    expect((await callback(byLogin.browser, github.approve(byLogin.upstream, MALLORY))).status).toBe(302);

    const vars = { ALLOWED_GITHUB_ORGS: "", ALLOWED_EMAIL_DOMAINS: "example.org" };
    const verified = await startAtGithub({ vars });
    expect(new URL(verified.upstream).searchParams.get("scope")).toBe("user:email");
    const carol = {
      id: 77,
      login: "carol",
      emails: [
        ["carol@personal.test", true],
        ["carol@example.org", true],
      ],
    } satisfies FakeGithubUser;
    expect((await callback(verified.browser, github.approve(verified.upstream, carol))).status).toBe(302);

    const unverified = await startAtGithub({ vars });
    const dave = { id: 78, login: "dave", emails: [["dave@example.org", false]] } satisfies FakeGithubUser;
    expect((await callback(unverified.browser, github.approve(unverified.upstream, dave))).status).toBe(403);
  });

  it("refuses everyone when no allowlist is set", async () => {
    const started = await startAtGithub({ vars: { ALLOWED_GITHUB_ORGS: "" } });
    const response = await callback(started.browser, github.approve(started.upstream, ALICE));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("has not set any of the ALLOWED_");
  });

  it("turns a cancel at GitHub into a page with an access_denied link", async () => {
    const started = await startAtGithub();
    const response = await callback(started.browser, github.deny(started.upstream));
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain("did not allow access at GitHub");
    expect(html).toContain("error=access_denied");
  });

  it("tells apart GitHub failing for a moment from GitHub refusing the connector's settings", async () => {
    const errorBack = (started: Started, code: string) => {
      const url = new URL(github.deny(started.upstream));
      url.searchParams.set("error", code);
      return callback(started.browser, url.toString());
    };
    const outage = await (await errorBack(await startAtGithub(), "server_error")).text();
    expect(outage).toContain("Try again from your app in a moment.");
    const refused = await errorBack(await startAtGithub(), "invalid_scope");
    expect(refused.status).toBe(502);
    const html = await refused.text();
    expect(html).toContain("trying again will not help");
    expect(html).toContain("Tell whoever runs this connector");
    expect(html).toContain("error=server_error");
  });

  it("turns a code GitHub rejects into a 400 page, and GitHub being down into a 502 page", async () => {
    const bad = await startAtGithub();
    const tampered = new URL(github.approve(bad.upstream, ALICE));
    tampered.searchParams.set("code", "code-forged");
    const rejected = await callback(bad.browser, tampered.toString());
    expect(rejected.status).toBe(400);
    expect(await rejected.text()).toContain("expired or was already used");

    const down = await startAtGithub();
    const back = github.approve(down.upstream, ALICE);
    github.down = true;
    const unavailable = await callback(down.browser, back);
    expect(unavailable.status).toBe(502);
    expect(await unavailable.text()).toContain("error=temporarily_unavailable");
  });

  it("accepts a callback only once, and only in the browser that started it", async () => {
    const started = await startAtGithub();
    const back = github.approve(started.upstream, ALICE);
    const stranger = new Browser(VARS);
    const elsewhere = await callback(stranger, back);
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain("This sign-in link has expired");

    expect((await callback(started.browser, back)).status).toBe(302);
    expect((await callback(started.browser, back)).status).toBe(400);
  });

  it("explains a switched-on but unconfigured GitHub sign-in instead of failing", async () => {
    const started = new Browser({ ...VARS, GITHUB_CLIENT_SECRET: "" });
    const client = await registerClient();
    const { challenge } = await pkcePair();
    const path = authorizeUrl(client, challenge);
    const page = await started.openConsent(path);
    const response = await started.submit(path, [
      ["handle", page.handle],
      ["method", "github"],
      ["scope", ALL_SCOPES[0] ?? ""],
    ]);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("GITHUB_CLIENT_SECRET");
  });

  it("gives two GitHub users separate grants and sessions: neither can use the other's session", async () => {
    const a = await startAtGithub();
    const aliceTokens = await tokensFrom(a, await callback(a.browser, github.approve(a.upstream, ALICE)));
    const b = await startAtGithub();
    const bobTokens = await tokensFrom(b, await callback(b.browser, github.approve(b.upstream, BOB)));

    const aliceSession = await openSession(aliceTokens.access_token);
    const stolen = await postMcp(
      bobTokens.access_token,
      { jsonrpc: "2.0", id: 1, method: "tools/list" },
      { "Mcp-Session-Id": aliceSession, "MCP-Protocol-Version": "2025-11-25" },
    );
    expect(stolen.status).toBe(404);
    const bobSession = await openSession(bobTokens.access_token);
    const own = await rpc(bobTokens.access_token, bobSession, "tools/call", { name: "session_info", arguments: {} });
    expect(own.result.structuredContent.user).toBe("@bob");

    // The workspace follows the user id: Bob does not see Alice's notes.
    const created = await rpc(aliceTokens.access_token, aliceSession, "tools/call", {
      name: "notes_create",
      arguments: { title: "Alice's private plan", body: "only for alice" },
    });
    expect(created.result.isError).toBeFalsy();
    const alicesList = await rpc(aliceTokens.access_token, aliceSession, "tools/call", {
      name: "notes_list",
      arguments: {},
    });
    expect(JSON.stringify(alicesList.result)).toContain("Alice's private plan");
    const bobsList = await rpc(bobTokens.access_token, bobSession, "tools/call", { name: "notes_list", arguments: {} });
    expect(bobsList.result.isError).toBeFalsy();
    expect(JSON.stringify(bobsList.result)).not.toContain("Alice's private plan");
    expect((await oauthHelpers().listUserGrants("github%3A1002")).items).toHaveLength(1);
  });

  it("remembers an approval for the account that gave it, and asks again when another account signs in", async () => {
    const first = await startAtGithub({ remember: true });
    const done = await callback(first.browser, github.approve(first.upstream, ALICE));
    expect(done.status).toBe(302);
    expect(first.browser.cookieNames()).toEqual(
      expect.arrayContaining(["__Host-oauth-approvals", "__Host-outpost-identity"]),
    );

    // Same client, same browser: straight to GitHub, no consent page.
    const { verifier, challenge } = await pkcePair();
    const path = authorizeUrl(first.client, challenge, {
      scope: [...ALL_SCOPES, "offline_access"].join(" "),
      state: "client-state",
    });
    const skipped = await first.browser.fetch(path);
    expect(skipped.status).toBe(302);
    const upstream = skipped.headers.get("Location") ?? "";
    expect(upstream).toContain("https://github.com/login/oauth/authorize");
    const again = await tokensFrom(
      { ...first, verifier },
      await callback(first.browser, github.approve(upstream, ALICE)),
    );
    expect(again.access_token).toBeTruthy();

    // prompt=consent always shows the page.
    const prompted = await first.browser.fetch(`${path}&prompt=consent`);
    expect(prompted.status).toBe(200);

    // Another account comes back from GitHub: consent is asked for that account.
    const other = await first.browser.fetch(path);
    const carolBack = await callback(first.browser, github.approve(other.headers.get("Location") ?? "", CAROL));
    expect(carolBack.status).toBe(200);
    const page = await carolBack.text();
    expect(page).toContain("You signed in as @carol");
    expect(page).toContain('name="handle"');
    expect((await oauthHelpers().listUserGrants("github%3A1003")).items).toHaveLength(0);
  });
});
