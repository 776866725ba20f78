import { beforeAll, describe, expect, it } from "vitest";
import { INITIALIZE, MCP_HEADERS, openSession, postMcp, rpc, rpcMessages, send, signIn } from "../helpers/worker";

const MAX_REQUEST_BYTES = 1_048_576; // wrangler.toml default

let token: string;
let sessionId: string;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token;
  sessionId = await openSession(token);
});

const inSession = () => ({ "Mcp-Session-Id": sessionId });

async function errorOf(response: Response): Promise<{ code?: number; error?: string }> {
  const body = (await response.json()) as { error: { code: number } | string };
  return typeof body.error === "string" ? { error: body.error } : { code: body.error.code };
}

describe("Origin guard (MCP 2025-11-25: invalid Origin → 403)", () => {
  it.each(["https://evil.example", "null", "http://localhost.evil.example"])(
    "refuses Origin %s with 403 JSON",
    async (origin) => {
      const response = await postMcp(token, INITIALIZE, { Origin: origin });
      expect(response.status).toBe(403);
      expect(response.headers.get("Content-Type")).toContain("application/json");
      expect(await errorOf(response)).toEqual({ error: "forbidden_origin" });
    },
  );

  it.each([
    "https://claude.ai",
    "https://claude.com",
    "https://playground.ai.cloudflare.com",
    "http://localhost:6274",
    "http://127.0.0.1:3000",
  ])("accepts Origin %s", async (origin) => {
    const response = await postMcp(token, INITIALIZE, { Origin: origin });
    expect(response.status).toBe(200);
    await response.text();
  });

  it("names the allowed origin and exposes the session header to browser clients", async () => {
    const response = await postMcp(token, INITIALIZE, { Origin: "https://playground.ai.cloudflare.com" });
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("https://playground.ai.cloudflare.com");
    expect(response.headers.get("Access-Control-Expose-Headers")?.toLowerCase()).toContain("mcp-session-id");
    await response.text();
  });

  it("accepts requests with no Origin (non-browser clients)", async () => {
    const response = await postMcp(token, INITIALIZE);
    expect(response.status).toBe(200);
    await response.text();
  });
});

describe("HTTP faults are 4xx with a JSON body", () => {
  it("405 for an unsupported method, with Allow", async () => {
    const response = await send("/mcp", { method: "PUT", headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toContain("POST");
    expect(await errorOf(response)).toEqual({ error: "method_not_allowed" });
  });

  it("406 when Accept lacks text/event-stream", async () => {
    const response = await postMcp(token, INITIALIZE, { Accept: "application/json" });
    expect(response.status).toBe(406);
    expect(response.headers.get("Content-Type")).toContain("application/json");
  });

  it("406 for a GET that does not accept an event stream", async () => {
    const response = await send("/mcp", {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...inSession() },
    });
    expect(response.status).toBe(406);
  });

  it("415 for a body that is not application/json", async () => {
    const response = await postMcp(token, "x=1", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(415);
  });

  it("413 just past the body limit, by Content-Length and by actual size", async () => {
    const declared = await postMcp(token, "{}", { "Content-Length": String(MAX_REQUEST_BYTES + 1) });
    expect(declared.status).toBe(413);
    expect(await errorOf(declared)).toEqual({ error: "payload_too_large" });
    const padded = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
      params: { pad: "x".repeat(MAX_REQUEST_BYTES) },
    });
    const actual = await send("/mcp", {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}`, ...inSession() },
      body: new Blob([padded]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(actual.status).toBe(413);
  });

  it("accepts a body of exactly the limit", async () => {
    const skeleton = JSON.stringify({ jsonrpc: "2.0", id: 7, method: "ping", params: { pad: "" } });
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 7,
      method: "ping",
      params: { pad: "x".repeat(MAX_REQUEST_BYTES - skeleton.length) },
    });
    expect(new TextEncoder().encode(body).byteLength).toBe(MAX_REQUEST_BYTES);
    const response = await postMcp(token, body, inSession());
    expect(response.status).toBe(200);
    const [reply] = await rpcMessages(response);
    expect(reply).toMatchObject({ id: 7, result: {} });
  });

  it("404 JSON for paths below /mcp", async () => {
    const response = await send("/mcp/other", {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}` },
      body: "{}",
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toContain("application/json");
  });
});

describe("JSON-RPC faults get the right codes, never a 500", () => {
  it.each([
    ["malformed JSON", '{"jsonrpc": "2.0", ', -32700],
    ["a non-object", "42", -32600],
    ["an empty batch", "[]", -32600],
    ["a wrong jsonrpc version", JSON.stringify({ jsonrpc: "1.0", id: 1, method: "ping" }), -32600],
    ["no method and no id", JSON.stringify({ jsonrpc: "2.0", params: {} }), -32600],
    ["a null id", JSON.stringify({ jsonrpc: "2.0", id: null, method: "ping" }), -32600],
    ["array params", JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: [] }), -32600],
    ["a response with both result and error", JSON.stringify({ jsonrpc: "2.0", id: 1, result: {}, error: {} }), -32600],
  ])("%s → 400 with code %i", async (_name, body, code) => {
    const response = await postMcp(token, body, inSession());
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({ code });
  });

  it("an unknown method → -32601", async () => {
    const reply = await rpc(token, sessionId, "tools/teleport");
    expect(reply.error.code).toBe(-32601);
  });

  it("wrong params → -32602", async () => {
    const reply = await rpc(token, sessionId, "resources/read", { uri: 42 });
    expect(reply.error.code).toBe(-32602);
  });

  it("a missing session header → 400", async () => {
    const response = await postMcp(token, { jsonrpc: "2.0", id: 1, method: "ping" });
    expect(response.status).toBe(400);
  });

  it("an unsupported MCP-Protocol-Version → 400; a supported or absent one is served", async () => {
    const bad = await postMcp(
      token,
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { ...inSession(), "MCP-Protocol-Version": "1999-01-01" },
    );
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toEqual({ code: -32000 });
    for (const version of ["2025-11-25", "2025-06-18", "2025-03-26"]) {
      const ok = await postMcp(
        token,
        { jsonrpc: "2.0", id: 2, method: "ping" },
        { ...inSession(), "MCP-Protocol-Version": version },
      );
      expect(ok.status).toBe(200);
      await ok.text();
    }
    const absent = await postMcp(token, { jsonrpc: "2.0", id: 3, method: "ping" }, inSession());
    expect(absent.status).toBe(200);
    await absent.text();
  });

  it("a notification is accepted with 202 and no body", async () => {
    const response = await postMcp(token, { jsonrpc: "2.0", method: "notifications/initialized" }, inSession());
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
  });
});
