/**
 * The real MCP SDK client (the one Claude's ecosystem is built on) against a real `wrangler dev`:
 * OAuth discovery, Dynamic Client Registration, PKCE, consent, token exchange and refresh, then
 * tools, resources and session details over Streamable HTTP (/mcp) and legacy HTTP+SSE (/sse).
 */
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "./harness";
import { advertisedScopes, HeadlessOAuthProvider, signIn, type TokenResponse, tokenRequest } from "./oauth";

const SESSION_TOOLS = [
  "session_remember",
  "session_recall",
  "session_forget",
  "session_info",
  "session_set_preferences",
];
const SESSION_SCOPES = ["session:read", "session:write"];
/** Every toolkit scope the server advertises (read from its metadata: the list grows with toolkits). */
let ALL_SCOPES: string[] = [];

type TransportKind = "streamable-http" | "sse";
type AuthTransport = Transport & { finishAuth(code: string): Promise<void> };

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer();
  ALL_SCOPES = await advertisedScopes(server.url);
});

afterAll(async () => {
  await server?.stop();
});

function makeTransport(kind: TransportKind, base: string, provider: HeadlessOAuthProvider): AuthTransport {
  return kind === "streamable-http"
    ? new StreamableHTTPClientTransport(new URL("/mcp", base), { authProvider: provider })
    : new SSEClientTransport(new URL("/sse", base), { authProvider: provider });
}

function newClient(): Client {
  return new Client({ name: "outpost-e2e", version: "1.0.0" });
}

/**
 * The SDK's documented pattern: connect → UnauthorizedError (the provider approved the consent page
 * and holds the code) → finishAuth(code) → connect again on a new transport.
 */
async function connectWithOAuth(
  kind: TransportKind,
  base: string,
  provider: HeadlessOAuthProvider,
): Promise<{ client: Client; transport: AuthTransport }> {
  const first = makeTransport(kind, base, provider);
  await expect(newClient().connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
  await first.finishAuth(provider.takeCode());
  await first.close();
  const transport = makeTransport(kind, base, provider);
  const client = newClient();
  await client.connect(transport);
  return { client, transport };
}

/** The text blocks of a tool result, joined. */
function textOf(result: unknown): string {
  const blocks = ((result as { content?: unknown }).content ?? []) as { type: string; text?: string }[];
  return blocks
    .filter((block) => block.type === "text")
    .map((block) => block.text)
    .join("\n");
}

describe("harness", () => {
  it("wrangler dev took the owner passphrase from the harness's env file, not the repo's .dev.vars", () => {
    expect(server.log()).toMatch(/Using secrets defined in .*secrets\.env/);
    expect(server.log()).not.toMatch(/Using secrets defined in .*\.dev\.vars/);
  });
});

describe.each([
  { kind: "streamable-http" as const, path: "/mcp" },
  { kind: "sse" as const, path: "/sse" },
])("MCP SDK client over $kind ($path)", ({ kind }) => {
  let provider: HeadlessOAuthProvider;
  let client: Client;
  let transport: AuthTransport;
  const key = `e2e-${kind}`;
  const value = `remembered over ${kind}`;

  afterAll(async () => {
    await client?.close();
  });

  it("completes OAuth through the SDK: discovery, DCR, PKCE S256, consent, token exchange", async () => {
    provider = new HeadlessOAuthProvider({ passphrase: server.passphrase, clientName: `Outpost e2e (${kind})` });
    ({ client, transport } = await connectWithOAuth(kind, server.url, provider));

    const clientInfo = provider.clientInformation();
    expect(clientInfo?.client_id).toEqual(expect.any(String));
    expect(provider.authorizationUrls).toHaveLength(1);
    const authorization = provider.authorizationUrls[0]!;
    expect(authorization.origin + authorization.pathname).toBe(`${server.url}/authorize`);
    expect(authorization.searchParams.get("client_id")).toBe(clientInfo?.client_id);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    // The resource from protected-resource metadata, sent verbatim: the bare origin.
    expect(authorization.searchParams.get("resource")).toBe(server.url);

    const tokens = provider.tokens();
    expect(tokens?.access_token).toEqual(expect.any(String));
    expect(tokens?.token_type.toLowerCase()).toBe("bearer");
    expect(client.getServerVersion()).toMatchObject({ name: "outpost", version: "0.1.0" });
  });

  it("lists the session tools, each with a title and all four annotations", async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const name of SESSION_TOOLS) {
      const tool = byName.get(name);
      expect(tool, `${name} is listed`).toBeDefined();
      expect(tool?.title, `${name} has a title`).toEqual(expect.any(String));
      expect(tool?.title?.length).toBeGreaterThan(0);
      expect(tool?.description?.length).toBeGreaterThan(0);
      expect(tool?.annotations, `${name} has annotations`).toMatchObject({
        readOnlyHint: expect.any(Boolean),
        destructiveHint: expect.any(Boolean),
        idempotentHint: expect.any(Boolean),
        openWorldHint: expect.any(Boolean),
      });
    }
    expect(byName.get("session_recall")?.annotations?.readOnlyHint).toBe(true);
    expect(byName.get("session_forget")?.annotations?.destructiveHint).toBe(true);
  });

  it("remembers a note with session_remember and recalls it with session_recall", async () => {
    const saved = await client.callTool({ name: "session_remember", arguments: { key, value } });
    expect(saved.isError).toBeFalsy();
    expect(saved.structuredContent).toEqual({ key, replaced: false, entries: 1, maxEntries: 100 });
    expect(textOf(saved)).toContain(`"${key}"`);

    const recalled = await client.callTool({ name: "session_recall", arguments: { key } });
    expect(recalled.isError).toBeFalsy();
    // total 1: this session sees only its own note, not the other transport's.
    expect(recalled.structuredContent).toEqual({
      entries: [{ key, value, savedAt: expect.any(String) }],
      total: 1,
    });
    expect(textOf(recalled)).toBe(`## ${key}\n${value}`);
  });

  it("reads the note back from the session://scratchpad resource", async () => {
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toContain("session://scratchpad");
    const read = await client.readResource({ uri: "session://scratchpad" });
    expect(read.contents).toHaveLength(1);
    const [content] = read.contents as { uri: string; mimeType?: string; text?: string }[];
    expect(content?.uri).toBe("session://scratchpad");
    expect(content?.mimeType).toBe("text/markdown");
    expect(content?.text).toContain(`## ${key}`);
    expect(content?.text).toContain(value);
  });

  it("describes the session with session_info", async () => {
    const info = await client.callTool({ name: "session_info", arguments: {} });
    expect(info.isError).toBeFalsy();
    const data = info.structuredContent as Record<string, unknown>;
    expect(data).toMatchObject({
      transport: kind,
      user: "Owner",
      clientName: `Outpost e2e (${kind})`,
      scratchpadEntries: 1,
      calls: 2,
    });
    expect([...(data.scopes as string[])].sort()).toEqual(ALL_SCOPES);
    expect(data.sessionId).toMatch(/^[0-9a-f]{64}$/);
    if (transport instanceof StreamableHTTPClientTransport) expect(data.sessionId).toBe(transport.sessionId);
    expect(textOf(info)).toContain(`Session ${data.sessionId as string} (${kind})`);
  });
});

describe("token refresh", () => {
  it("the SDK refreshes a stale access token without a new consent and reconnects", async () => {
    const provider = new HeadlessOAuthProvider({ passphrase: server.passphrase, clientName: "Outpost e2e (refresh)" });
    const { client } = await connectWithOAuth("streamable-http", server.url, provider);
    await client.close();
    const issued = provider.tokens();
    expect(issued?.refresh_token, "the code exchange returns a refresh token").toEqual(expect.any(String));

    // The stored access token no longer works: the next connect gets 401 and the SDK refreshes.
    provider.setTokens({ ...issued!, access_token: "outpost-e2e-stale-token" });
    const again = newClient();
    await again.connect(makeTransport("streamable-http", server.url, provider));
    const refreshed = provider.tokens();
    expect(provider.authorizationUrls, "no second consent").toHaveLength(1);
    expect(provider.savedTokenHistory).toHaveLength(2);
    expect(refreshed?.access_token).not.toBe(issued?.access_token);
    expect(refreshed?.access_token).not.toBe("outpost-e2e-stale-token");
    expect(refreshed?.refresh_token, "refresh tokens rotate").not.toBe(issued?.refresh_token);
    const info = await again.callTool({ name: "session_info", arguments: {} });
    expect(info.isError).toBeFalsy();
    await again.close();
  });

  it("/token with grant_type=refresh_token issues an access token that opens an MCP session", async () => {
    const { client, tokens } = await signIn(server.url, {
      passphrase: server.passphrase,
      clientName: "Outpost e2e (fetch refresh)",
    });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const response = await tokenRequest(server.url, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token!,
      client_id: client.client_id,
    });
    expect(response.status).toBe(200);
    const refreshed = (await response.json()) as TokenResponse;
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.token_type.toLowerCase()).toBe("bearer");
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    // signIn() asks for the session scopes only; a refresh keeps exactly what was granted.
    expect(refreshed.scope?.split(" ").sort()).toEqual([...SESSION_SCOPES, "offline_access"].sort());

    const mcp = newClient();
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL("/mcp", server.url), {
        requestInit: { headers: { Authorization: `Bearer ${refreshed.access_token}` } },
      }),
    );
    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(SESSION_TOOLS));
    await mcp.close();
  });
});

describe("the protected resource follows the host and port the server is reached on", () => {
  it.each([
    { host: "127.0.0.1", path: "/.well-known/oauth-protected-resource/mcp" },
    { host: "127.0.0.1", path: "/.well-known/oauth-protected-resource/sse" },
    { host: "127.0.0.1", path: "/.well-known/oauth-protected-resource" },
    { host: "localhost", path: "/.well-known/oauth-protected-resource/mcp" },
    { host: "localhost", path: "/.well-known/oauth-protected-resource" },
  ])("$host $path", async ({ host, path }) => {
    const origin = `http://${host}:${server.port}`;
    const response = await fetch(`${origin}${path}`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as {
      resource: string;
      authorization_servers: string[];
      scopes_supported?: string[];
    };
    expect(metadata.resource).toBe(origin);
    expect(metadata.authorization_servers).toEqual([origin]);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(SESSION_SCOPES));
  });

  it.each(["127.0.0.1", "localhost"])("a 401 from %s points at that host's metadata", async (host) => {
    const origin = `http://${host}:${server.port}`;
    const response = await fetch(`${origin}/mcp`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toContain(
      `resource_metadata="${origin}/.well-known/oauth-protected-resource`,
    );
    await response.body?.cancel();
  });

  it("a token minted through 127.0.0.1 is refused at localhost: its audience is the other origin", async () => {
    const { tokens } = await signIn(server.url, {
      passphrase: server.passphrase,
      clientName: "Outpost e2e (audience)",
    });
    const initialize = (origin: string) =>
      fetch(`${origin}/mcp`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${tokens.access_token}`,
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 0,
          method: "initialize",
          params: {
            protocolVersion: "2025-11-25",
            capabilities: {},
            clientInfo: { name: "outpost-e2e", version: "1.0.0" },
          },
        }),
      });
    const here = await initialize(server.url);
    expect(here.status).toBe(200);
    await here.body?.cancel();
    const there = await initialize(`http://localhost:${server.port}`);
    expect(there.status).toBe(401);
    expect(there.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    await there.body?.cancel();
  });

  // Both hosts of one dev server must complete OAuth: the provider once pinned its consent helpers
  // to whichever host was used first (see test/worker/origins.test.ts).
  it("the SDK completes OAuth and calls a tool through http://localhost:<port>/mcp", async () => {
    const base = `http://localhost:${server.port}`;
    const provider = new HeadlessOAuthProvider({
      passphrase: server.passphrase,
      clientName: "Outpost e2e (localhost)",
    });
    const { client } = await connectWithOAuth("streamable-http", base, provider);
    expect(provider.authorizationUrls[0]?.searchParams.get("resource")).toBe(base);
    const info = await client.callTool({ name: "session_info", arguments: {} });
    expect(info.isError).toBeFalsy();
    await client.close();
  });
});
