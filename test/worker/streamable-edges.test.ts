/**
 * Streamable HTTP edges the fuzz suite found answered by McpAgent itself, in plain text: a media
 * type written in capitals, and a GET or DELETE that names no session. The worker answers both
 * before McpAgent can, as JSON.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { MCP_HEADERS, openSession, postMcp, rpcMessages, send, signIn } from "../helpers/worker";

let token: string;
let sessionId: string;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token;
  sessionId = await openSession(token);
});

describe("Streamable HTTP (2025-era) edges", () => {
  it("serves a JSON media type written in capitals (media types are case-insensitive, RFC 9110 §8.3.1)", async () => {
    const response = await postMcp(
      token,
      { jsonrpc: "2.0", id: 7, method: "ping" },
      { "Content-Type": "APPLICATION/JSON", "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" },
    );
    expect(response.status).toBe(200);
    const [reply] = await rpcMessages(response);
    expect(reply).toMatchObject({ id: 7, result: {} });
  });

  for (const method of ["GET", "DELETE"]) {
    it(`answers ${method} without Mcp-Session-Id with a JSON-RPC 400`, async () => {
      const response = await send("/mcp", { method, headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(400);
      expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(await response.json()).toMatchObject({
        jsonrpc: "2.0",
        id: null,
        error: { code: -32000, message: expect.stringContaining("Mcp-Session-Id") },
      });
    });
  }
});

describe("Streamable HTTP (2025-era) requests McpAgent would refuse in plain text", () => {
  it("answers a request that is not initialize and names no session with a JSON-RPC 400", async () => {
    const response = await postMcp(token, { jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({
      jsonrpc: "2.0",
      error: { code: -32000, message: expect.stringContaining("Mcp-Session-Id") },
    });
  });

  for (const id of [2 ** 53, 1.5, -(2 ** 60)]) {
    it(`refuses the id ${id} (JSON-RPC ids are strings or integers; the SDK takes only safe ones) with -32600 as JSON`, async () => {
      const response = await postMcp(token, `{"jsonrpc":"2.0","id":${id},"method":"ping"}`, {
        "Mcp-Session-Id": sessionId,
        "MCP-Protocol-Version": "2025-11-25",
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(await response.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32600 } });
    });
  }
});
