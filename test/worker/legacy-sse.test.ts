import { evictAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { OutpostSession } from "../../src/mcp/agent";
import { rpcErrorOf } from "../helpers/rpc-error";
import { openInitializedSse, openSse } from "../helpers/sse";
import { INITIALIZE, send, signIn } from "../helpers/worker";

let token: string;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token;
});

const ping = (id: number | string = 1) => ({ jsonrpc: "2.0", id, method: "ping" });
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe("a legacy message whose stream is gone is refused, never accepted and dropped", () => {
  it("answers 404 with a reconnect hint once the client has closed its GET /sse", async () => {
    const stream = await openInitializedSse(token);
    await stream.close();
    await settle();

    const response = await stream.post(ping(41));
    expect(response.status).toBe(404);
    const body = await rpcErrorOf(response, 404);
    expect(body).toMatchObject({ jsonrpc: "2.0", id: 41, error: { code: -32001 } });
    expect(body.error.message).toContain("GET /sse");
  });

  it("after the session object was evicted, either delivers the reply on the stream or refuses", async () => {
    const stream = await openInitializedSse(token);
    await evictAllDurableObjects();
    await settle();

    const response = await stream.post(ping(42));
    if (response.status === 202) expect(await stream.readUntil('"id":42')).toContain('"result":{}');
    else expect(await rpcErrorOf(response, 404)).toMatchObject({ id: 42, error: { code: -32001 } });
    await stream.close().catch(() => {});
  });

  it("still serves a session whose stream is open", async () => {
    const stream = await openInitializedSse(token);
    const response = await stream.post(ping(43));
    expect(response.status).toBe(202);
    expect(await stream.readUntil('"id":43')).toContain('"result":{}');
    await stream.close();
  });
});

describe("GET /sse", () => {
  it("answers 404 with a JSON-RPC body for a session id nobody holds", async () => {
    const response = await send(`/sse?sessionId=${"d".repeat(64)}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
    });
    expect(response.status).toBe(404);
    const body = await rpcErrorOf(response, 404);
    expect(body).toMatchObject({ id: null, error: { code: -32001 } });
    expect(body.error.message).toContain("GET /sse");
  });

  it("answers 404 for a session that has expired", async () => {
    const stream = await openInitializedSse(token);
    await stream.close();
    const session = env.MCP_OBJECT.get(
      env.MCP_OBJECT.idFromName(`sse:${stream.sessionId}`),
    ) as DurableObjectStub<OutpostSession>;
    await runInDurableObject(session, async (instance, state) => {
      await state.storage.put("outpost:last-seen", Date.now() - 8 * 86_400_000);
      await instance.expireIfIdle();
    }).catch(() => {}); // destroy() aborts the object right after wiping it
    await settle();

    const response = await send(`/sse?sessionId=${stream.sessionId}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
    });
    expect(response.status).toBe(404);
    expect((await rpcErrorOf(response, 404)).error.message).toContain("GET /sse");
  });

  it.each([["*/*"], [undefined], ["text/*"], ["Text/Event-Stream"]])(
    "opens the stream for Accept %s",
    async (accept) => {
      const stream = await openSse(token, accept === undefined ? {} : { Accept: accept });
      expect(stream.endpoint).toMatch(/^\/sse\/message\?sessionId=[0-9a-f]{64}$/);
      await stream.close();
    },
  );

  it("still refuses an Accept that rules event streams out", async () => {
    const response = await send("/sse", { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
    expect(response.status).toBe(406);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    await response.text();
  });
});
