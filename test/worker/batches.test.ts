import { beforeAll, describe, expect, it } from "vitest";
import { rpcErrorOf } from "../helpers/rpc-error";
import { openInitializedSse } from "../helpers/sse";
import { INITIALIZE, postMcp, rpcMessages, signIn } from "../helpers/worker";

/**
 * JSON-RPC batches: MCP 2025-03-26 allowed them, 2025-06-18 removed them, and `initialize` must
 * always travel alone. A batch is served only on a session that negotiated a version before
 * 2025-06-18; with no version header the session's negotiated version decides.
 */
let token: string;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token;
});

async function sessionAt(version: string): Promise<string> {
  const response = await postMcp(token, { ...INITIALIZE, params: { ...INITIALIZE.params, protocolVersion: version } });
  expect(response.status).toBe(200);
  const [reply] = await rpcMessages(response);
  expect(reply?.result.protocolVersion).toBe(version);
  const sessionId = response.headers.get("mcp-session-id") ?? "";
  const initialized = await postMcp(
    token,
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": version },
  );
  expect(initialized.status).toBe(202);
  return sessionId;
}

const pings = [
  { jsonrpc: "2.0", id: "a", method: "ping" },
  { jsonrpc: "2.0", id: "b", method: "ping" },
];

async function batchRefusal(response: Response) {
  const body = await rpcErrorOf(response, 400);
  expect(body.id).toBeNull();
  expect(body.error.code).toBe(-32600);
  return body.error.message;
}

describe("batches on Streamable HTTP", () => {
  it("never accepts initialize inside a batch", async () => {
    const message = await batchRefusal(
      await postMcp(token, [INITIALIZE, { jsonrpc: "2.0", method: "notifications/initialized" }]),
    );
    expect(message).toContain("initialize");
  });

  it("serves a batch on a 2025-03-26 session, with or without the version header", async () => {
    const sessionId = await sessionAt("2025-03-26");
    for (const headers of [{ "MCP-Protocol-Version": "2025-03-26" }, {}] as Record<string, string>[]) {
      const response = await postMcp(token, pings, { "Mcp-Session-Id": sessionId, ...headers });
      expect(response.status).toBe(200);
      const replies = await rpcMessages(response);
      expect(replies.map((reply) => reply.id).sort()).toEqual(["a", "b"]);
    }
  });

  it("refuses a batch on a 2025-06-18 or later session, by header or by what the session negotiated", async () => {
    for (const version of ["2025-06-18", "2025-11-25"]) {
      const sessionId = await sessionAt(version);
      const byHeader = await batchRefusal(
        await postMcp(token, pings, { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": version }),
      );
      expect(byHeader).toContain("2025-06-18");
      const bySession = await batchRefusal(await postMcp(token, pings, { "Mcp-Session-Id": sessionId }));
      expect(bySession).toContain(version);
    }
  });

  it("refuses a batch that claims 2025-03-26 on a session that negotiated later", async () => {
    const sessionId = await sessionAt("2025-11-25");
    await batchRefusal(
      await postMcp(token, pings, { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-03-26" }),
    );
  });
});

describe("batches on legacy SSE", () => {
  it("are served one by one on a 2025-03-26 session and refused on later ones", async () => {
    const old = await openInitializedSse(token, "2025-03-26");
    expect((await old.post(pings)).status).toBe(202);
    const text = await old.readUntil('"id":"b"');
    expect(text).toContain('"id":"a"');
    await old.close();

    const current = await openInitializedSse(token);
    await batchRefusal(await current.post(pings));
    await current.close();
  });
});

describe("responses a client posts are acknowledged with 202", () => {
  it.each([
    ["a result", { jsonrpc: "2.0", id: "server-1", result: {} }],
    ["an error", { jsonrpc: "2.0", id: "server-2", error: { code: -32601, message: "Method not found" } }],
    ["an error with a numeric id", { jsonrpc: "2.0", id: 77, error: { code: -1, message: "declined" } }],
  ])("%s, on Streamable HTTP", async (_name, message) => {
    const sessionId = await sessionAt("2025-11-25");
    const response = await Promise.race([
      postMcp(token, message, { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" }),
      new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 3_000)),
    ]);
    if (response === "hung") throw new Error("the POST was left hanging");
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
  });

  it("a batch of responses on a 2025-03-26 session", async () => {
    const sessionId = await sessionAt("2025-03-26");
    const response = await postMcp(
      token,
      [
        { jsonrpc: "2.0", id: "s1", result: {} },
        { jsonrpc: "2.0", id: "s2", error: { code: -1, message: "no" } },
      ],
      { "Mcp-Session-Id": sessionId },
    );
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
  });

  it("an error on legacy SSE", async () => {
    const stream = await openInitializedSse(token);
    const response = await stream.post({ jsonrpc: "2.0", id: "server-3", error: { code: -1, message: "no" } });
    expect(response.status).toBe(202);
    await response.text();
    await stream.close();
  });
});
