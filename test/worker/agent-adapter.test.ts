/**
 * Contract test for src/mcp/agent-adapter.ts: the behaviours of McpAgent.serve (agents 0.32) that
 * Outpost's owner check relies on, observed through a recording namespace instead of a real
 * session object. If an upgrade of agents breaks one of them, a test here fails by name.
 */
import { describe, expect, it } from "vitest";
import { forwardToSession } from "../../src/mcp/agent-adapter";
import type { SessionProps } from "../../src/mcp/props";
import { decodeHop, HOP_HEADER, refusalError, refusalResponse } from "../../src/mcp/session-hop";

const CALLER: SessionProps = {
  userId: "test%3Aalice",
  displayName: "Alice",
  identity: "test",
  clientId: "c",
  clientName: "C",
  scopes: ["session:read"],
};
const SESSION = "ab".repeat(32);

interface Call {
  method: string;
  args: unknown[];
}

/** A namespace with only the members the adapter says McpAgent uses; the stub records every call. */
function recordingNamespace(stub: {
  fetch?: (request: Request) => Promise<Response>;
  onSSEMcpMessage?: (...args: unknown[]) => Promise<unknown>;
}) {
  const calls: Call[] = [];
  const names: string[] = [];
  const record =
    (method: string, answer: (...args: unknown[]) => unknown) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return answer(...args);
    };
  const fake = {
    __unsafe_ensureInitialized: record("__unsafe_ensureInitialized", () => undefined),
    getInitializeRequest: record("getInitializeRequest", () => ({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {},
    })),
    setInitializeRequest: record("setInitializeRequest", () => undefined),
    fetch: record("fetch", (request) => (stub.fetch ?? bridgeSocket)(request as Request)),
    onSSEMcpMessage: record("onSSEMcpMessage", (...args) =>
      stub.onSSEMcpMessage ? stub.onSSEMcpMessage(...args) : null,
    ),
  };
  const namespace = {
    newUniqueId: () => ({ toString: () => SESSION }),
    idFromName: (name: string) => {
      names.push(name);
      return { name };
    },
    idFromString: (id: string) => ({ id }),
    get: () => fake,
    jurisdiction: () => namespace,
  };
  return { env: { MCP_OBJECT: namespace } as unknown as Env, calls, names };
}

/** What the object's fetch answers McpAgent: the server end of a WebSocket pair. */
let lastServerSocket: WebSocket | undefined;
async function bridgeSocket(): Promise<Response> {
  const pair = new WebSocketPair();
  lastServerSocket = pair[1];
  pair[1].accept();
  return new Response(null, { status: 101, webSocket: pair[0] });
}

function ctx(): ExecutionContext & { props?: unknown } {
  return {
    waitUntil: () => {},
    passThroughOnException: () => {},
    props: { stale: true },
  } as unknown as ExecutionContext & { props?: unknown };
}

const ping = { jsonrpc: "2.0", id: 1, method: "ping" };

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });
}

describe("McpAgent.serve, as the adapter relies on it", () => {
  it("1–2: reaches a Streamable HTTP session through idFromName/get, and copies the request's headers (the hop) onto the object's fetch", async () => {
    const { env, calls, names } = recordingNamespace({});
    const response = await forwardToSession(
      post("/mcp", ping, { "Mcp-Session-Id": SESSION }),
      { transport: "streamable-http", caller: CALLER, creates: false, batch: false },
      env,
      ctx(),
    );
    expect(response).toBeInstanceOf(Response);
    await (response as Response).body?.cancel();
    expect(names).toEqual([`streamable-http:${SESSION}`]);
    const upgrade = calls.find((call) => call.method === "fetch")?.args[0] as Request;
    expect(upgrade.headers.get("Upgrade")).toBe("websocket");
    expect(decodeHop(upgrade.headers.get(HOP_HEADER))).toEqual({ caller: CALLER, batch: false });
  });

  it("1–2: copies the hop onto the legacy GET's fetch and into onSSEMcpMessage's request headers", async () => {
    const get = recordingNamespace({});
    const stream = await forwardToSession(
      new Request(`http://localhost/sse?sessionId=${SESSION}`, { headers: { Accept: "text/event-stream" } }),
      { transport: "sse", caller: CALLER, creates: false, batch: false },
      get.env,
      ctx(),
    );
    await (stream as Response).body?.cancel();
    const upgrade = get.calls.find((call) => call.method === "fetch")?.args[0] as Request;
    expect(decodeHop(upgrade.headers.get(HOP_HEADER))?.caller).toEqual(CALLER);

    const message = recordingNamespace({});
    await forwardToSession(
      post(`/sse/message?sessionId=${SESSION}`, ping),
      { transport: "sse", caller: CALLER, creates: false, batch: true },
      message.env,
      ctx(),
    );
    const [, body, extraInfo] = message.calls.find((call) => call.method === "onSSEMcpMessage")?.args ?? [];
    expect(body).toEqual(ping);
    const headers = (extraInfo as { requestInfo: { headers: Record<string, string> } }).requestInfo.headers;
    expect(decodeHop(headers[HOP_HEADER])).toEqual({ caller: CALLER, batch: true });
  });

  it("3: lets a refusal thrown from the stub's fetch or onSSEMcpMessage out of serve", async () => {
    const byFetch = recordingNamespace({ fetch: async () => refusalResponse({ kind: "not-found" }) });
    expect(
      await forwardToSession(
        post("/mcp", ping, { "Mcp-Session-Id": SESSION }),
        { transport: "streamable-http", caller: CALLER, creates: false, batch: false },
        byFetch.env,
        ctx(),
      ),
    ).toEqual({
      kind: "not-found",
    });
    const byGet = recordingNamespace({ fetch: async () => refusalResponse({ kind: "not-found" }) });
    const get = new Request("http://localhost/mcp", {
      headers: { Accept: "text/event-stream", "Mcp-Session-Id": SESSION },
    });
    expect(
      await forwardToSession(
        get,
        { transport: "streamable-http", caller: CALLER, creates: false, batch: false },
        byGet.env,
        ctx(),
      ),
    ).toEqual({ kind: "not-found" });
    const byMessage = recordingNamespace({ onSSEMcpMessage: async () => refusalError({ kind: "stream-gone" }) });
    expect(
      await forwardToSession(
        post(`/sse/message?sessionId=${SESSION}`, ping),
        { transport: "sse", caller: CALLER, creates: false, batch: false },
        byMessage.env,
        ctx(),
      ),
    ).toEqual({
      kind: "stream-gone",
    });
  });

  it("4: hands ctx.props to the object's start only on requests that create a session", async () => {
    const existing = recordingNamespace({});
    await forwardToSession(
      post("/mcp", ping, { "Mcp-Session-Id": SESSION }),
      { transport: "streamable-http", caller: CALLER, creates: false, batch: false },
      existing.env,
      ctx(),
    ).then((response) => (response as Response).body?.cancel());
    const started = existing.calls.filter((call) => call.method === "__unsafe_ensureInitialized");
    expect(started.length).toBeGreaterThan(0);
    for (const call of started) expect(call.args[0]).toBeUndefined();

    const created = recordingNamespace({});
    const initialize = {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    await forwardToSession(
      post("/mcp", initialize),
      { transport: "streamable-http", caller: CALLER, creates: true, batch: false },
      created.env,
      ctx(),
    ).then((response) => (response as Response).body?.cancel());
    expect(created.calls.find((call) => call.method === "__unsafe_ensureInitialized")?.args[0]).toEqual(CALLER);
  });

  it("5: closes McpAgent's bridge socket when the client cancels the stream", async () => {
    const { env } = recordingNamespace({});
    const response = (await forwardToSession(
      post("/mcp", ping, { "Mcp-Session-Id": SESSION }),
      { transport: "streamable-http", caller: CALLER, creates: false, batch: false },
      env,
      ctx(),
    )) as Response;
    const closed = new Promise<number>((resolve) =>
      lastServerSocket?.addEventListener("close", (event) => resolve(event.code)),
    );
    await response.body?.cancel();
    expect(await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve("still open"), 2_000))])).toBe(
      1000,
    );
  });
});
