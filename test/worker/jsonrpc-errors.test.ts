import { beforeAll, describe, expect, it } from "vitest";
import { tokensFor } from "../helpers/grants";
import { rpcErrorOf } from "../helpers/rpc-error";
import { type SseStream, sessionsOnBothTransports } from "../helpers/sse";
import { INITIALIZE, MCP_HEADERS, postMcp, rpcMessages, send } from "../helpers/worker";

/** How deeply a message may nest (src/worker/message-guard.ts): the message object is level 1. */
const MAX_DEPTH = 64;

let token: string;
let sessionId: string;
let legacy: SseStream;
beforeAll(async () => {
  ({ token, sessionId, legacy } = await sessionsOnBothTransports());
});

/** A ping whose params nest `{"a":{"a":…}}` so that the whole message is `depth` levels deep (depth ≥ 3). */
function nestedPing(id: number, depth: number): string {
  let value = "{}";
  for (let level = 1; level < depth - 2; level++) value = `{"a":${value}}`;
  return `{"jsonrpc":"2.0","id":${id},"method":"ping","params":{"a":${value}}}`;
}

function depthOf(text: string): number {
  let depth = 0;
  let max = 0;
  for (const char of text) {
    if (char === "{" || char === "[") max = Math.max(max, ++depth);
    else if (char === "}" || char === "]") depth--;
  }
  return max;
}

/** Name, body, the id the error must echo, and its code: -32600, or -32602 where the params are at fault. */
const MALFORMED: [string, string, unknown, number?][] = [
  ["a fractional id", '{"jsonrpc":"2.0","id":1.5,"method":"ping"}', null],
  ["an id too large to be a number", '{"jsonrpc":"2.0","id":1e400,"method":"ping"}', null],
  ["an id past the safe integers", '{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"ping"}', null],
  ["an object id", '{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}', null],
  ["a boolean id", '{"jsonrpc":"2.0","id":true,"method":"ping"}', null],
  ["_meta that is not an object", '{"jsonrpc":"2.0","id":3,"method":"ping","params":{"_meta":"x"}}', 3],
  [
    "a progress token that is an object",
    '{"jsonrpc":"2.0","id":4,"method":"ping","params":{"_meta":{"progressToken":{}}}}',
    4,
  ],
  [
    "a notification with an array _meta",
    '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"_meta":[]}}',
    null,
  ],
  ["an unknown top-level member", '{"jsonrpc":"2.0","id":5,"method":"ping","extra":true}', 5],
  ["a result that is not an object", '{"jsonrpc":"2.0","id":6,"result":5}', null],
  ["an error without a code", '{"jsonrpc":"2.0","id":7,"error":{"message":"x"}}', null],
  ["a fractional error code", '{"jsonrpc":"2.0","id":8,"error":{"code":1.5,"message":"x"}}', null],
  [
    "very deep nesting in params",
    `{"jsonrpc":"2.0","id":9,"method":"ping","params":{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`,
    9,
    -32602,
  ],
  ["params nested one level past the limit", nestedPing(10, MAX_DEPTH + 1), 10, -32602],
  ["a batch nested past the limit", `[${nestedPing(11, MAX_DEPTH)}]`, null],
];

describe("malformed messages get -32600 (or -32602 for their params) and 400 on both transports, never a 503", () => {
  it("builds the nesting cases at the right depth", () => {
    expect(depthOf(nestedPing(1, MAX_DEPTH))).toBe(MAX_DEPTH);
    expect(depthOf(nestedPing(1, MAX_DEPTH + 1))).toBe(MAX_DEPTH + 1);
  });

  it.each(MALFORMED)("%s, on /mcp", async (_name, body, id, code = -32600) => {
    const error = await rpcErrorOf(await postMcp(token, body, { "Mcp-Session-Id": sessionId }), 400);
    expect(error).toMatchObject({ jsonrpc: "2.0", id, error: { code } });
    expect(error.error.message).toMatch(code === -32600 ? /^Invalid Request: / : /^Invalid params: /);
  });

  it.each(MALFORMED)("%s, on /sse/message", async (_name, body, id, code = -32600) => {
    const error = await rpcErrorOf(await legacy.post(body), 400);
    expect(error).toMatchObject({ jsonrpc: "2.0", id, error: { code } });
  });

  it("serves a message nested exactly to the limit", async () => {
    const response = await postMcp(token, nestedPing(20, MAX_DEPTH), { "Mcp-Session-Id": sessionId });
    expect(response.status).toBe(200);
    expect(await rpcMessages(response)).toEqual([{ jsonrpc: "2.0", id: 20, result: {} }]);
    expect((await legacy.post(nestedPing(21, MAX_DEPTH))).status).toBe(202);
    expect(await legacy.readUntil('"id":21')).toContain('"result":{}');
  });
});

describe("errors that answer a request echo its id (JSON-RPC 2.0 §5)", () => {
  const ping = (id: number | string) => ({ jsonrpc: "2.0", id, method: "ping" });

  it("an unknown, malformed or foreign session", async () => {
    expect(await rpcErrorOf(await postMcp(token, ping(31), { "Mcp-Session-Id": "0".repeat(64) }), 404)).toMatchObject({
      id: 31,
      error: { code: -32001 },
    });
    expect(await rpcErrorOf(await postMcp(token, ping("x"), { "Mcp-Session-Id": "not-a-session" }), 404)).toMatchObject(
      { id: "x", error: { code: -32001 } },
    );
    const other = (await tokensFor("test:oscar")).access_token;
    expect(await rpcErrorOf(await postMcp(other, ping(32), { "Mcp-Session-Id": sessionId }), 404)).toMatchObject({
      id: 32,
      error: { code: -32001 },
    });
    const stolen = await send(legacy.endpoint, {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${other}` },
      body: JSON.stringify(ping(33)),
    });
    expect(await rpcErrorOf(stolen, 404)).toMatchObject({ id: 33, error: { code: -32001 } });
  });

  it("an unsupported protocol version", async () => {
    const response = await postMcp(token, ping(34), {
      "Mcp-Session-Id": sessionId,
      "MCP-Protocol-Version": "1999-01-01",
    });
    expect(await rpcErrorOf(response, 400)).toMatchObject({ id: 34, error: { code: -32000 } });
  });

  it("a missing session header, and initialize with one", async () => {
    expect(await rpcErrorOf(await postMcp(token, ping(35)), 400)).toMatchObject({ id: 35, error: { code: -32000 } });
    const reinit = await postMcp(token, { ...INITIALIZE, id: 36 }, { "Mcp-Session-Id": sessionId });
    expect(await rpcErrorOf(reinit, 400)).toMatchObject({ id: 36, error: { code: -32600 } });
  });

  it("an Accept header that rules out the stream", async () => {
    const response = await postMcp(token, ping(37), { "Mcp-Session-Id": sessionId, Accept: "application/json" });
    expect(await rpcErrorOf(response, 406)).toMatchObject({ id: 37, error: { code: -32000 } });
  });

  it("a legacy message without a session id", async () => {
    const response = await send("/sse/message", {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}` },
      body: JSON.stringify(ping(38)),
    });
    expect(await rpcErrorOf(response, 400)).toMatchObject({ id: 38, error: { code: -32000 } });
  });

  it("keeps id null where no id can be known: a notification, a parse error, a batch", async () => {
    const notification = await postMcp(
      token,
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { "Mcp-Session-Id": "0".repeat(64) },
    );
    expect(await rpcErrorOf(notification, 404)).toMatchObject({ id: null });
    expect(await rpcErrorOf(await postMcp(token, '{"id": 39,', { "Mcp-Session-Id": sessionId }), 400)).toMatchObject({
      id: null,
      error: { code: -32700 },
    });
  });
});

describe("McpAgent's own refusals come out as JSON", () => {
  it("a GET or DELETE without a session id", async () => {
    const get = await send("/mcp", { headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" } });
    expect((await rpcErrorOf(get, 400)).error.message).toContain("Mcp-Session-Id");
    const del = await send("/mcp", { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
    expect((await rpcErrorOf(del, 400)).error.message).toContain("Mcp-Session-Id");
  });

  it("a GET or DELETE for an unknown session", async () => {
    const headers = { Authorization: `Bearer ${token}`, Accept: "text/event-stream", "Mcp-Session-Id": "1".repeat(64) };
    expect(await rpcErrorOf(await send("/mcp", { headers }), 404)).toMatchObject({ error: { code: -32001 } });
    expect(await rpcErrorOf(await send("/mcp", { method: "DELETE", headers }), 404)).toMatchObject({
      error: { code: -32001 },
    });
  });
});
