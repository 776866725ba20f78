/**
 * "Claude only" mode (ALLOWED_CLIENTS=claude) at each gate a redirect URI passes: dynamic
 * registration, operator-client creation and /authorize (for clients registered before the mode
 * was turned on), through the real worker and KV; and the set's edges.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isClaudeRedirect } from "../../src/auth/claude-only";
import { readConfig } from "../../src/config";
import worker from "../../src/index";
import { publicClientRegistration } from "../helpers/registration";
import { ALL_SCOPES, authorizeUrl, openConsent, PASSPHRASE, pkcePair, registerClient } from "../helpers/worker";

const CLAUDE_ONLY = { ALLOWED_CLIENTS: "claude" } as Partial<Env>;

function fetchWith(path: string, init: RequestInit & { vars?: Partial<Env> } = {}) {
  const { vars, ...rest } = init;
  return worker.fetch(
    new Request(`http://localhost${path}`, rest as never),
    { ...env, ...vars } as Env,
    createExecutionContext(),
  );
}

const ALLOWED = [
  "https://claude.ai/api/mcp/auth_callback",
  "https://claude.com/api/mcp/auth_callback",
  "http://localhost:1/callback",
  "http://localhost:54321/callback",
  "http://localhost:65535/callback",
  "http://127.0.0.1:43111/callback",
  "http://localhost/callback",
  "http://127.0.0.1/callback",
];

const REFUSED = [
  "https://claude.ai/api/mcp/auth_callback/",
  "https://claude.ai/api/mcp/auth_callback?x=1",
  "https://claude.ai/api/mcp/auth_callback?",
  "https://claude.ai/api/mcp/auth_callback#",
  "https://claude.ai:443/api/mcp/auth_callback",
  "https://claude.ai:8443/api/mcp/auth_callback",
  "https://CLAUDE.AI/api/mcp/auth_callback",
  "http://claude.ai/api/mcp/auth_callback",
  "https://claude.ai/api/mcp/other_callback",
  "https://evil.claude.ai/api/mcp/auth_callback",
  "https://claude.ai.evil.com/api/mcp/auth_callback",
  "https://user@claude.ai/api/mcp/auth_callback",
  "http://localhost.evil.com/callback",
  "http://localhost.evil.com:8080/callback",
  "http://127.0.0.1.nip.io:8080/callback",
  "http://localhost:0/callback",
  "http://localhost:65536/callback",
  "http://localhost:8080/callback/",
  "http://localhost:8080/callback?x=1",
  "http://localhost:8080/other",
  "http://user@localhost:8080/callback",
  "https://localhost:8080/callback",
  "http://[::1]:8080/callback",
  "http://127.0.0.2:8080/callback",
  "https://app.example/callback",
  "cursor://anysphere.cursor-mcp/oauth/callback",
];

describe("the set of redirect URIs", () => {
  it.each(ALLOWED)("allows %s", (uri) => expect(isClaudeRedirect(uri)).toBe(true));
  it.each(REFUSED)("refuses %s", (uri) => expect(isClaudeRedirect(uri)).toBe(false));

  it.each([
    [undefined, "any"],
    ["", "any"],
    [" Any ", "any"],
    ["claude", "claude"],
    [" CLAUDE ", "claude"],
    ["cluade", "claude"],
  ])("ALLOWED_CLIENTS=%j reads as %s (a typo closes, never opens)", (raw, expected) => {
    expect(readConfig({ ALLOWED_CLIENTS: raw } as Partial<Env>).allowedClients).toBe(expected);
  });
});

describe("at dynamic registration", () => {
  const register = (redirectUris: string[], vars = CLAUDE_ONLY) =>
    fetchWith("/register", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        ...publicClientRegistration("Some app", redirectUris[0] ?? ""),
        redirect_uris: redirectUris,
      }),
      vars,
    });

  it.each([
    [["https://claude.ai/api/mcp/auth_callback"]],
    [["https://claude.com/api/mcp/auth_callback", "https://claude.ai/api/mcp/auth_callback"]],
    [["http://localhost:61234/callback"]],
  ])("registers %j", async (uris) => {
    expect((await register(uris)).status).toBe(201);
  });

  it.each([
    [["https://app.example/callback"]],
    [["https://localhost.evil.com/callback"]],
    [["https://claude.ai/api/mcp/auth_callback", "https://app.example/callback"]],
  ])("refuses %j with invalid_redirect_uri saying why", async (uris) => {
    const response = await register(uris);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe("invalid_redirect_uri");
    expect(body.error_description).toContain("accepts only Claude");
    expect(body.error_description).toContain(uris.find((uri) => !isClaudeRedirect(uri)));
  });

  it("refuses http://localhost.evil.com (the provider already refuses plain http off loopback)", async () => {
    expect((await register(["http://localhost.evil.com/callback"])).status).toBe(400);
  });

  it("registers anything the provider allows when the mode is off", async () => {
    expect((await register(["https://app.example/callback"], {})).status).toBe(201);
  });
});

describe("at operator-client creation", () => {
  const create = (body: unknown) =>
    fetchWith("/account/api/clients", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Basic ${btoa(`owner:${PASSPHRASE}`)}` },
      body: JSON.stringify(body),
      vars: CLAUDE_ONLY,
    });

  it("creates the default (Claude's callbacks)", async () => {
    expect((await create({})).status).toBe(201);
  });

  it("refuses another callback", async () => {
    const response = await create({ redirect_uris: ["https://app.example/callback"] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe("invalid_redirect_uri");
    expect(body.error_description).toContain("accepts only Claude");
  });
});

describe("at /authorize", () => {
  async function openAuthorize(redirectUri: string, registered = redirectUri) {
    // Registered while the mode was off, as an older client would have been.
    const client = await registerClient("Older app", registered);
    const { challenge } = await pkcePair();
    return fetchWith(authorizeUrl({ ...client, redirectUri }, challenge), {
      headers: { Accept: "text/html" },
      vars: CLAUDE_ONLY,
    });
  }

  it("shows a page saying why for a redirect outside the set, without redirecting", async () => {
    const response = await openAuthorize("https://app.example/callback");
    expect(response.status).toBe(403);
    expect(response.headers.get("Location")).toBeNull();
    const html = await response.text();
    expect(html).toContain("This server accepts only Claude");
    expect(html).toContain("app.example");
    expect(html).not.toContain('name="handle"');
  });

  it("shows consent for Claude's callbacks and Claude Code's on any port", async () => {
    for (const uri of ["https://claude.ai/api/mcp/auth_callback", "https://claude.com/api/mcp/auth_callback"]) {
      const response = await openAuthorize(uri);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('name="handle"');
    }
    // Registered without a port (as Claude Code's metadata document lists it), used with one.
    const loopback = await openAuthorize("http://localhost:50123/callback", "http://localhost/callback");
    expect(loopback.status).toBe(200);
    await loopback.text();
  });

  it("holds an approval to the mode when it was turned on after the page was shown", async () => {
    const client = await registerClient("Older app", "https://app.example/callback");
    const { challenge } = await pkcePair();
    const form = await openConsent(authorizeUrl(client, challenge));
    expect(form.status).toBe(200);
    const body = new URLSearchParams({ handle: form.handle, decision: "approve", passphrase: PASSPHRASE });
    for (const scope of ALL_SCOPES) body.append("scope", scope);
    const response = await fetchWith(form.url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: form.cookie },
      body,
      redirect: "manual",
      vars: CLAUDE_ONLY,
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("Location")).toBeNull();
    expect(await response.text()).toContain("This server accepts only Claude");
  });

  it("refuses a loopback redirect on another path even when registered", async () => {
    const response = await openAuthorize("http://127.0.0.1:50123/other");
    expect(response.status).toBe(403);
    await response.text();
  });
});

describe("for Client ID Metadata Document clients, at /authorize", () => {
  afterEach(() => vi.restoreAllMocks());
  let next = 0;

  /** Serve a metadata document listing `redirectUri` at a fresh https client id; the provider fetches it. */
  function serveDocument(redirectUri: string): string {
    const clientId = `https://clients.example.org/oauth/claude-only-${Date.now()}-${++next}.json`;
    const original = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      const document = {
        client_id: clientId,
        client_name: "Document Client",
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: "none",
      };
      return url === clientId
        ? Response.json(document, { headers: { "Cache-Control": "no-store" } })
        : original(input, init);
    });
    return clientId;
  }

  async function authorize(redirectUri: string): Promise<Response> {
    const { challenge } = await pkcePair();
    return fetchWith(authorizeUrl({ clientId: serveDocument(redirectUri), redirectUri }, challenge), {
      headers: { Accept: "text/html" },
      vars: CLAUDE_ONLY,
    });
  }

  it("refuses a document client whose callback is not Claude's", async () => {
    const response = await authorize("https://app.example/callback");
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("This server accepts only Claude");
  });

  it("shows consent for a document client answered at Claude's callback", async () => {
    const response = await authorize("https://claude.ai/api/mcp/auth_callback");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('name="handle"');
  });
});
