import { beforeAll, describe, expect, it } from "vitest";
import { callTool, openSession, postMcp, send, signIn } from "../helpers/worker";

/**
 * Outpost does not resume Streamable HTTP streams (see `getEventStore` in src/mcp/agent.ts): its
 * events carry no ids, so clients never try, and a GET with Last-Event-ID gets a clear error instead
 * of a stream that never delivers anything.
 */
let token: string;
let sessionId: string;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token;
  sessionId = await openSession(token);
});

describe("stream resumption is not offered", () => {
  it("sends events without ids on POST streams", async () => {
    const response = await postMcp(
      token,
      {
        jsonrpc: "2.0",
        id: 5,
        method: "tools/call",
        params: { name: "session_recall", arguments: {}, _meta: { progressToken: "p" } },
      },
      { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" },
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('"id":5');
    expect(text).not.toMatch(/^id:/m);
  });

  it("answers a GET with Last-Event-ID with a JSON-RPC error saying to send the request again", async () => {
    await callTool(token, sessionId, "session_recall");
    const response = await Promise.race([
      send("/mcp", {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "text/event-stream",
          "Mcp-Session-Id": sessionId,
          "Last-Event-ID": "0123-abcd:0000000000000001",
        },
      }),
      new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 3_000)),
    ]);
    if (response === "hung") throw new Error("the resumption GET hung");
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    const body = (await response.json()) as { id: unknown; error: { code: number; message: string } };
    expect(body).toMatchObject({ id: null, error: { code: -32000 } });
    expect(body.error.message).toContain("Last-Event-ID");
  });

  it("still opens the standalone GET stream without Last-Event-ID", async () => {
    const response = await send("/mcp", {
      headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream", "Mcp-Session-Id": sessionId },
    });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});
