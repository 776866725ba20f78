/**
 * Raw probes of the two protocol eras on `/mcp` against a real `wrangler dev`: the header mixes
 * Claude's connector has been seen sending, and a 2025-only client that still opens a session.
 *
 * Not proven here: that closing a 2026-07-28 request's stream aborts the running tool's `signal`.
 * The tools that watch the signal cannot be kept busy long enough in this environment: Open-Meteo is
 * unreachable on purpose, so a weather call fails within milliseconds, and a 200-note import's batches
 * finish before the first byte of the response reaches the client. Observing the abort needs a tool
 * that waits, which only a runtime test can stage.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INITIALIZE, MCP_HEADERS, type ModernOptions, modernRequest, rpcMessages } from "../helpers/mcp-wire";
import { type DevServer, startDevServer } from "./harness";
import { advertisedScopes, signIn } from "./oauth";

let server: DevServer;
let token: string;

beforeAll(async () => {
  server = await startDevServer();
  const scope = [...(await advertisedScopes(server.url)), "offline_access"].join(" ");
  token = (await signIn(server.url, { passphrase: server.passphrase, clientName: "Outpost e2e era probes", scope }))
    .tokens.access_token;
});

afterAll(async () => {
  await server?.stop();
});

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/mcp`, {
    method: "POST",
    headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
}

async function modern(method: string, params: Record<string, unknown>, options: ModernOptions = {}) {
  const { id, body, headers } = modernRequest(method, params, options);
  const response = await post(body, headers);
  const messages = await rpcMessages(response);
  return { status: response.status, reply: messages.find((message) => message.id === id) };
}

/** `initialize` and `notifications/initialized` as a 2025-11-25 client sends them; returns the session id. */
async function openSession(): Promise<string> {
  const opened = await post(INITIALIZE);
  expect(opened.status).toBe(200);
  const sessionId = opened.headers.get("Mcp-Session-Id");
  await opened.body?.cancel();
  expect(sessionId).toBeTruthy();
  const initialized = await post(
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { "Mcp-Session-Id": sessionId!, "MCP-Protocol-Version": "2025-11-25" },
  );
  expect(initialized.status).toBe(202);
  return sessionId!;
}

/** wrangler's output once `event` has been logged (the worker's console reaches it asynchronously). */
/** The first log line of `event` that also contains `detail` (both header mixes log the same event). */
async function loggedEvent(event: string, detail = ""): Promise<string | undefined> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const line = server
      .log()
      .split("\n")
      .find((candidate) => candidate.includes(`"event":"${event}"`) && candidate.includes(detail));
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

describe("Claude's header mixes", () => {
  // Claude's connector bug A (SparkyFitness#2155, openwork#3944): after falling back to a 2025 session
  // it keeps sending `MCP-Protocol-Version: 2026-07-28`. The session path tolerates it
  // (src/worker/protocol-version.ts) and logs mcp_version_header_tolerated.
  it("serves a session request (Mcp-Session-Id) whose MCP-Protocol-Version header says 2026-07-28", async () => {
    const sessionId = await openSession();
    const response = await post(
      { jsonrpc: "2.0", id: 7, method: "tools/list", params: {} },
      { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2026-07-28" },
    );
    const [reply] = await rpcMessages(response);
    expect(response.status).toBe(200);
    expect(reply?.result?.tools?.length).toBeGreaterThan(0);
  });

  // Bug B (anthropics/claude-code#93290): the `_meta` envelope says 2026-07-28, the header 2025-11-25.
  it("serves a modern request whose header says 2025-11-25 by its envelope, and logs mcp_version_header_tolerated", async () => {
    const { status, reply } = await modern(
      "tools/call",
      { name: "calculate", arguments: { expression: "2 ^ 10" } },
      { headers: { "MCP-Protocol-Version": "2025-11-25" } },
    );
    expect(status).toBe(200);
    expect(reply?.result).toMatchObject({ resultType: "complete", structuredContent: { result: "1024" } });
    const line = await loggedEvent("mcp_version_header_tolerated", '"envelope"');
    expect(line).toBeDefined();
    expect(JSON.parse(line!.slice(line!.indexOf("{")))).toMatchObject({ header: "2025-11-25", envelope: "2026-07-28" });
  });
});

describe("a 2025-only client", () => {
  it("opens a session with initialize, as before the 2026-07-28 leg existed (SDK v1)", async () => {
    const transport = new StreamableHTTPClientTransport(new URL("/mcp", server.url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: "outpost-e2e-sdk-v1", version: "1.0.0" });
    await client.connect(transport);
    try {
      expect(transport.protocolVersion).toBe("2025-11-25");
      expect(transport.sessionId).toMatch(/^[0-9a-f]{64}$/);
      const info = await client.callTool({ name: "session_info", arguments: {} });
      expect(info.structuredContent).toMatchObject({ sessionId: transport.sessionId, transport: "streamable-http" });
      const saved = await client.callTool({
        name: "session_remember",
        arguments: { key: "era", value: "2025 session" },
      });
      // A session keeps its own scratchpad: no handle to carry.
      expect(saved.structuredContent).not.toHaveProperty("scratchpad");
      const recalled = await client.callTool({ name: "session_recall", arguments: { key: "era" } });
      expect(JSON.stringify(recalled.content)).toContain("2025 session");
    } finally {
      await client.close();
    }
  });
});
