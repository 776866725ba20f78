import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openSession, postMcp, rpcMessages, send, signIn } from "../helpers/worker";

/**
 * Claude's connector, after falling back from 2026-07-28 to `initialize`, has been seen sending
 * `MCP-Protocol-Version: 2026-07-28` on its session requests (CodeWithCJ/SparkyFitness#2155,
 * different-ai/openwork#3944). A request naming an existing session is served anyway, with a warning.
 */
const MODERN = "2026-07-28";

let token: string;
let sessionId: string;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token;
  sessionId = await openSession(token);
});
afterEach(() => vi.restoreAllMocks());

function loggedEvents(spy: { mock: { calls: unknown[][] } }): Record<string, unknown>[] {
  return spy.mock.calls.flatMap(([line]) => {
    try {
      return [JSON.parse(String(line)) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

describe("a modern MCP-Protocol-Version on a 2025 session (Claude's fallback bug)", () => {
  it("serves a POST and logs a warning without the token", async () => {
    const log = vi.spyOn(console, "log");
    const response = await postMcp(
      token,
      { jsonrpc: "2.0", id: 11, method: "ping" },
      { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": MODERN },
    );
    expect(response.status).toBe(200);
    expect(await rpcMessages(response)).toEqual([{ jsonrpc: "2.0", id: 11, result: {} }]);
    const warning = loggedEvents(log).find((event) => event.event === "mcp_version_header_tolerated");
    expect(warning).toMatchObject({ level: "warn", header: MODERN, transport: "streamable-http", method: "POST" });
    expect(JSON.stringify(log.mock.calls)).not.toContain(token);
  });

  it("serves a notification (202) and the GET stream", async () => {
    const note = await postMcp(
      token,
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": MODERN },
    );
    expect(note.status).toBe(202);
    const get = await send("/mcp", {
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: "text/event-stream",
        "Mcp-Session-Id": sessionId,
        "MCP-Protocol-Version": MODERN,
      },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get("Content-Type")).toContain("text/event-stream");
    await get.body?.cancel();
  });

  it("still answers 404 when the named session does not exist", async () => {
    const response = await postMcp(
      token,
      { jsonrpc: "2.0", id: 12, method: "ping" },
      { "Mcp-Session-Id": "f".repeat(64), "MCP-Protocol-Version": MODERN },
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ id: 12, error: { code: -32001 } });
  });

  it("is not extended to requests without a session, nor to versions nobody published", async () => {
    const sessionless = await postMcp(
      token,
      { jsonrpc: "2.0", id: 13, method: "tools/list" },
      { "MCP-Protocol-Version": MODERN },
    );
    expect(sessionless.status).toBe(400);
    await sessionless.text();
    const bogus = await postMcp(
      token,
      { jsonrpc: "2.0", id: 14, method: "ping" },
      { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2030-01-01" },
    );
    expect(bogus.status).toBe(400);
    expect(await bogus.json()).toMatchObject({ id: 14, error: { code: -32000 } });
  });
});
