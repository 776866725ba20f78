/**
 * Sign-in through a real OpenID Provider (`oidc-provider` on loopback) with Outpost under real
 * `wrangler dev`: MCP client → Outpost's consent → the provider's login → back to Outpost →
 * tokens → tool call; then the ways it must fail cleanly: not on the allowlist, an unverified
 * email, a tampered ID token, a wrong nonce, an expired or forged code, and the provider down.
 */
import { randomBytes } from "node:crypto";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformationMixed, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeadlessBrowser, signInAtProvider } from "../helpers/oidc-browser";
import { startOidcProvider, type TestOidcProvider } from "../helpers/oidc-provider";
import { type DevServer, freePort, startDevServer } from "./harness";
import { formInputs, pkcePair, REDIRECT_URI, registerClient, type TokenResponse, tokenRequest } from "./oauth";

const ACCOUNTS = {
  alice: { email: "alice@example.com", emailVerified: true, name: "Alice Example" },
  bob: { email: "bob@example.com", emailVerified: true, name: "Bob Example" },
  mallory: { email: "mallory@elsewhere.test", emailVerified: true, name: "Mallory" },
  eve: { email: "eve@example.com", emailVerified: false, name: "Eve Unverified" },
  slow: { email: "slow@example.com", emailVerified: true, name: "Slow Poke" },
};
const SCOPE = "session:read session:write offline_access";

let server: DevServer;
let idp: TestOidcProvider;

beforeAll(async () => {
  const idpPort = await freePort();
  server = await startDevServer({
    vars: {
      SIGN_IN_METHODS: "oidc,passphrase",
      OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
      OIDC_CLIENT_ID: "outpost-e2e",
      OIDC_NAME: "Test IdP",
      ALLOWED_EMAIL_DOMAINS: "example.com",
    },
    secrets: {
      OIDC_CLIENT_SECRET: "outpost-e2e-secret-0123456789abcdef",
      CONSENT_COOKIE_SECRET: randomBytes(32).toString("base64url"),
    },
  });
  idp = await startOidcProvider({ port: idpPort, redirectUri: `${server.url}/callback/oidc`, accounts: ACCOUNTS });
});

afterAll(async () => {
  await idp?.stop();
  await server?.stop();
});

/** Approve Outpost's consent page with the OpenID button; returns where Outpost sends the browser. */
async function approveWithOidc(browser: HeadlessBrowser, authorizeUrl: URL): Promise<string> {
  const page = await browser.fetch(authorizeUrl);
  const html = await page.text();
  expect(page.status, html.slice(0, 300)).toBe(200);
  expect(html).toContain("Approve with Test IdP");
  const inputs = formInputs(html);
  const form = new URLSearchParams({
    handle: inputs.find((input) => input.name === "handle")?.value ?? "",
    method: "oidc",
  });
  for (const input of inputs.filter((i) => i.name === "scope")) form.append("scope", input.value ?? "");
  const approved = await browser.fetch(authorizeUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: form,
  });
  expect(approved.status, await approved.clone().text()).toBe(302);
  return approved.headers.get("Location") ?? "";
}

interface Pending {
  browser: HeadlessBrowser;
  clientId: string;
  verifier: string;
  state: string;
  /** The provider's redirect back to Outpost, not yet followed. */
  callback: string;
}

/** A plain-fetch client up to the point where the provider sends the browser back to Outpost. */
async function signInUntilCallback(account: keyof typeof ACCOUNTS): Promise<Pending> {
  const browser = new HeadlessBrowser();
  const client = await registerClient(server.url, `OIDC e2e for ${account}`);
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(9).toString("base64url");
  const authorize = new URL("/authorize", server.url);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state,
    scope: SCOPE,
  }).toString();
  const upstream = await approveWithOidc(browser, authorize);
  expect(upstream.startsWith(`${idp.issuer}/`)).toBe(true);
  const url = new URL(upstream);
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(url.searchParams.get("nonce")?.length).toBeGreaterThanOrEqual(43);
  const callback = await signInAtProvider(browser, upstream, account, `${server.url}/callback/oidc`);
  return { browser, clientId: client.client_id, verifier, state, callback };
}

async function finish(pending: Pending): Promise<TokenResponse> {
  const back = await pending.browser.fetch(pending.callback);
  expect(back.status, await back.clone().text()).toBe(302);
  const location = new URL(back.headers.get("Location") ?? "");
  expect(location.searchParams.get("state")).toBe(pending.state);
  const response = await tokenRequest(server.url, {
    grant_type: "authorization_code",
    code: location.searchParams.get("code") ?? "",
    redirect_uri: REDIRECT_URI,
    client_id: pending.clientId,
    code_verifier: pending.verifier,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as TokenResponse;
}

/** Deliver the callback and expect a page with `status`, `text`, and a link returning `error` to the client. */
async function expectErrorPage(pending: Pending, status: number, text: string, error: string): Promise<void> {
  const back = await pending.browser.fetch(pending.callback);
  const html = await back.text();
  expect(back.status, html.slice(0, 500)).toBe(status);
  expect(html).toContain(text);
  const link = new URL((/<a [^>]*href="([^"]+)"/.exec(html)?.[1] ?? "").replace(/&amp;/g, "&"));
  expect(`${link.origin}${link.pathname}`).toBe(REDIRECT_URI);
  expect(link.searchParams.get("error")).toBe(error);
  expect(link.searchParams.get("state")).toBe(pending.state);
}

/** The MCP SDK's OAuth client, with a browser that signs in at the OpenID provider. */
class OidcSignInProvider implements OAuthClientProvider {
  private info: OAuthClientInformationMixed | undefined;
  private saved: OAuthTokens | undefined;
  private verifier = "";
  code = "";
  readonly browser = new HeadlessBrowser();
  constructor(private readonly account: string) {}
  get redirectUrl() {
    return REDIRECT_URI;
  }
  get clientMetadata() {
    return {
      client_name: "OIDC e2e (MCP SDK)",
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  async redirectToAuthorization(url: URL) {
    const upstream = await approveWithOidc(this.browser, url);
    const callback = await signInAtProvider(this.browser, upstream, this.account, `${server.url}/callback/oidc`);
    const back = await this.browser.fetch(callback);
    this.code = new URL(back.headers.get("Location") ?? "", server.url).searchParams.get("code") ?? "";
  }
}

describe("OpenID Connect sign-in through a real provider", () => {
  it("takes the MCP SDK client through consent, the provider's login and back, then calls a tool as that person", async () => {
    const provider = new OidcSignInProvider("alice");
    const first = new StreamableHTTPClientTransport(new URL("/mcp", server.url), { authProvider: provider });
    await expect(new Client({ name: "oidc-e2e", version: "1.0.0" }).connect(first)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(provider.code).not.toBe("");
    await first.finishAuth(provider.code);
    const transport = new StreamableHTTPClientTransport(new URL("/mcp", server.url), { authProvider: provider });
    const client = new Client({ name: "oidc-e2e", version: "1.0.0" });
    await client.connect(transport);
    const result = await client.callTool({ name: "session_info", arguments: {} });
    expect((result.structuredContent as { user?: string }).user).toBe("Alice Example");
    await client.close();
  });

  it("keeps the passphrase as a second way in on the same page", async () => {
    const client = await registerClient(server.url, "page check");
    const { challenge } = pkcePair();
    const page = await fetch(
      `${server.url}/authorize?${new URLSearchParams({ response_type: "code", client_id: client.client_id, redirect_uri: REDIRECT_URI, code_challenge: challenge, code_challenge_method: "S256", state: "s" })}`,
    );
    const html = await page.text();
    expect(html).toContain('name="passphrase"');
    expect(html).toContain("Approve with Test IdP");
    expect(html).toContain('name="remember"');
    // The POST redirects to the provider, and browsers hold that redirect to form-action.
    expect(page.headers.get("Content-Security-Policy")).toContain(
      `form-action 'self' http://127.0.0.1:43111 ${idp.issuer}`,
    );
  });

  it("gives two people separate sessions: one cannot use the other's session id", async () => {
    const alice = await finish(await signInUntilCallback("alice"));
    const bob = await finish(await signInUntilCallback("bob"));
    const headers = (token: string) => ({
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
    });
    const init = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: headers(alice.access_token),
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "a", version: "1" } },
      }),
    });
    await init.text();
    const sessionId = init.headers.get("mcp-session-id") ?? "";
    expect(sessionId).toMatch(/^[0-9a-f]{64}$/);
    const foreign = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { ...headers(bob.access_token), "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error?: { code?: number } }).error?.code).toBe(-32001);
  });

  it("refuses an account outside the allowed email domains", async () => {
    await expectErrorPage(await signInUntilCallback("mallory"), 403, "can&#39;t use this connector", "access_denied");
  });

  it("does not count an email the provider has not verified", async () => {
    await expectErrorPage(await signInUntilCallback("eve"), 403, "not on the list", "access_denied");
  });

  it("refuses an ID token whose signature does not match", async () => {
    idp.tamper("signature");
    try {
      await expectErrorPage(await signInUntilCallback("alice"), 400, "signature does not check out", "access_denied");
    } finally {
      idp.tamper("none");
    }
  });

  it("refuses a correctly signed ID token carrying another nonce", async () => {
    idp.tamper("nonce");
    try {
      await expectErrorPage(await signInUntilCallback("alice"), 400, "nonce does not match", "access_denied");
    } finally {
      idp.tamper("none");
    }
  });

  it("refuses an expired code and a forged one", async () => {
    idp.shortLivedCodes.add("slow");
    const expired = await signInUntilCallback("slow");
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // outlive the one-second code
    await expectErrorPage(expired, 400, "expired or was already used", "access_denied");

    const forged = await signInUntilCallback("alice");
    const url = new URL(forged.callback);
    url.searchParams.set("code", "forged-code");
    await expectErrorPage({ ...forged, callback: url.toString() }, 400, "expired or was already used", "access_denied");
  });

  for (const fault of ["hang", "reset", "garbage"] as const) {
    it(`answers a token endpoint that ${{ hang: "hangs", reset: "drops the connection", garbage: "answers an HTML page" }[fault]} with a 502 page, within the 5-second limit`, async () => {
      const pending = await signInUntilCallback("alice");
      idp.tamper(fault);
      try {
        const started = Date.now();
        await expectErrorPage(pending, 502, "is not answering properly", "temporarily_unavailable");
        expect(Date.now() - started).toBeLessThan(7_500);
      } finally {
        idp.tamper("none");
      }
    });
  }

  it("answers a provider that went down with a 502 page and a temporarily_unavailable link", async () => {
    const pending = await signInUntilCallback("alice");
    await idp.stop();
    await expectErrorPage(pending, 502, "is not answering properly", "temporarily_unavailable");
  });
});
