import { evictAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { OutpostSession } from "../../src/mcp/agent";
import type { SessionProps } from "../../src/mcp/props";
import { encodeHop, HOP_HEADER } from "../../src/mcp/session-hop";
import { tokensFor } from "../helpers/grants";
import { openSse } from "../helpers/sse";
import {
  callTool,
  INITIALIZE,
  MCP_HEADERS,
  openSession,
  postMcp,
  rpc,
  rpcMessages,
  send,
  signIn,
} from "../helpers/worker";

function sessionStub(sessionId: string, transport = "streamable-http") {
  return env.MCP_OBJECT.get(
    env.MCP_OBJECT.idFromName(`${transport}:${sessionId}`),
  ) as DurableObjectStub<OutpostSession>;
}

const ping = (id = 1) => ({ jsonrpc: "2.0", id, method: "ping" });

describe("sessions are bound to the user who created them", () => {
  let owner: string;
  let sessionId: string;
  beforeAll(async () => {
    owner = (await signIn()).tokens.access_token;
    sessionId = await openSession(owner);
  });

  it("serves the owner", async () => {
    const reply = await rpc(owner, sessionId, "ping");
    expect(reply.result).toEqual({});
  });

  it("answers 404 to another user presenting the session id, on every method", async () => {
    const other = (await tokensFor("test:mallory")).access_token;
    const post = await postMcp(other, ping(), { "Mcp-Session-Id": sessionId });
    expect(post.status).toBe(404);
    expect((await post.json()) as object).toMatchObject({ error: { code: -32001 } });
    const get = await send("/mcp", {
      headers: { Authorization: `Bearer ${other}`, Accept: "text/event-stream", "Mcp-Session-Id": sessionId },
    });
    expect(get.status).toBe(404);
    const del = await send("/mcp", {
      method: "DELETE",
      headers: { Authorization: `Bearer ${other}`, "Mcp-Session-Id": sessionId },
    });
    expect(del.status).toBe(404);
    // …and the owner's session is untouched by those attempts.
    expect((await rpc(owner, sessionId, "ping")).result).toEqual({});
  });

  it("answers 404 without waking anything for ids that cannot be session ids", async () => {
    const response = await postMcp(owner, ping(), { "Mcp-Session-Id": "not-a-session" });
    expect(response.status).toBe(404);
  });

  it("answers 404 for a well-formed id nobody created", async () => {
    const response = await postMcp(owner, ping(), { "Mcp-Session-Id": "a".repeat(64) });
    expect(response.status).toBe(404);
  });
});

describe("bindSession, the owner check of a DELETE", () => {
  it("starts a cold object itself: stored props are loaded and the MCP server connected before the owner check", async () => {
    const token = (await signIn()).tokens.access_token;
    const sessionId = await openSession(token);
    const stored = await runInDurableObject(sessionStub(sessionId), (_instance, state) =>
      state.storage.get<SessionProps>("props"),
    );
    expect(stored?.userId).toBeTruthy();
    await evictAllDurableObjects();
    // Inspecting a fresh instance does not start it: the control for the assertion below.
    expect(await runInDurableObject(sessionStub(sessionId), (instance) => instance.server.isConnected())).toBe(false);

    await evictAllDurableObjects();
    expect(await sessionStub(sessionId).bindSession(stored as SessionProps)).toBe("ok");
    const woken = await runInDurableObject(sessionStub(sessionId), (instance) => ({
      connected: instance.server.isConnected(),
      props: instance.props,
    }));
    expect(woken).toEqual({ connected: true, props: stored });
    expect((await rpc(token, sessionId, "ping")).result).toEqual({});
  });

  it("refuses a never-initialised object and schedules its wipe", async () => {
    const props = {
      userId: "test:nobody",
      displayName: "Nobody",
      identity: "test",
      clientId: "c",
      clientName: "C",
      scopes: [],
    };
    const stub = sessionStub("c".repeat(64));
    expect(await stub.bindSession(props)).toBe("not-found");
    const left = await runInDurableObject(stub, async (instance, state) => ({
      owner: await state.storage.get("outpost:owner"),
      expiries: instance.getSchedules().filter((s) => s.callback === "expireIfIdle").length,
    }));
    expect(left).toEqual({ owner: undefined, expiries: 1 });
  });
});

describe("the owner check rides on McpAgent's own hop into the object", () => {
  it("refuses a foreign caller who wakes a cold session, and leaves the owner's props alone", async () => {
    const token = (await signIn()).tokens.access_token;
    const sessionId = await openSession(token);
    const props = () =>
      runInDurableObject(sessionStub(sessionId), (_instance, state) => state.storage.get<SessionProps>("props"));
    const stored = await props();
    await evictAllDurableObjects();

    const other = (await tokensFor("test:victor")).access_token;
    expect((await postMcp(other, ping(), { "Mcp-Session-Id": sessionId })).status).toBe(404);
    const stream = await send("/mcp", {
      headers: { Authorization: `Bearer ${other}`, Accept: "text/event-stream", "Mcp-Session-Id": sessionId },
    });
    expect(stream.status).toBe(404);
    expect(await props()).toEqual(stored);
    expect((await rpc(token, sessionId, "ping")).result).toEqual({});
  });

  it("ignores a session hop header sent by the client: the worker always writes its own", async () => {
    const token = (await signIn()).tokens.access_token;
    const sessionId = await openSession(token);
    const owner = await runInDurableObject(sessionStub(sessionId), (_instance, state) =>
      state.storage.get<SessionProps>("props"),
    );
    const other = (await tokensFor("test:mallet")).access_token;
    const forged = {
      [HOP_HEADER]: encodeHop({ caller: owner as SessionProps, batch: false }),
      "Mcp-Session-Id": sessionId,
    };
    expect((await postMcp(other, ping(), forged)).status).toBe(404);
  });
});

describe("props follow the token on every request", () => {
  it("narrows tools and scopes when the same user re-authorizes with fewer scopes", async () => {
    const full = (await signIn()).tokens.access_token;
    const sessionId = await openSession(full);
    const before = await rpc(full, sessionId, "tools/list");
    expect(before.result.tools.map((t: { name: string }) => t.name)).toContain("session_remember");

    const readOnly = (await signIn({ scopes: ["session:read"] })).tokens.access_token;
    const after = await rpc(readOnly, sessionId, "tools/list");
    const names = after.result.tools.map((t: { name: string }) => t.name);
    expect(names).not.toContain("session_remember");
    expect(names).toContain("session_info");
    const info = await callTool(readOnly, sessionId, "session_info");
    expect(info.result.structuredContent.scopes).toEqual(["session:read"]);
    const denied = await callTool(readOnly, sessionId, "session_remember", { value: "x" });
    expect(denied.result.isError).toBe(true);
    expect(denied.result.content[0].text).toContain('"session:write"');

    // Widening works the same way: the full token again sees everything.
    const again = await rpc(full, sessionId, "tools/list");
    expect(again.result.tools.map((t: { name: string }) => t.name)).toContain("session_remember");
  });
});

describe("session lifetime", () => {
  it("survives eviction of every Durable Object", async () => {
    const token = (await signIn()).tokens.access_token;
    const sessionId = await openSession(token);
    await callTool(token, sessionId, "session_remember", { key: "city", value: "Lisbon" });
    await evictAllDurableObjects();
    const recalled = await callTool(token, sessionId, "session_recall", { key: "city" });
    expect(recalled.result.structuredContent.entries[0].value).toBe("Lisbon");
    // Binding survives eviction too: another user is still refused after the object restarts.
    await evictAllDurableObjects();
    const other = (await tokensFor("test:eve")).access_token;
    expect((await postMcp(other, ping(), { "Mcp-Session-Id": sessionId })).status).toBe(404);
  });

  it("ends on DELETE: 204, then 404", async () => {
    const token = (await signIn()).tokens.access_token;
    const sessionId = await openSession(token);
    const del = await send("/mcp", {
      method: "DELETE",
      headers: { Authorization: `Bearer ${token}`, "Mcp-Session-Id": sessionId },
    });
    expect(del.status).toBe(204);
    expect((await postMcp(token, ping(), { "Mcp-Session-Id": sessionId })).status).toBe(404);
  });

  it("schedules its own expiry and destroys its storage once idle", async () => {
    const token = (await signIn()).tokens.access_token;
    const sessionId = await openSession(token);
    await callTool(token, sessionId, "session_remember", { value: "soon gone" });
    const stub = sessionStub(sessionId);

    const schedules = await runInDurableObject(stub, (instance) => instance.getSchedules());
    const expiry = schedules.find((s) => s.callback === "expireIfIdle");
    expect(expiry).toBeDefined();
    const sevenDays = 7 * 86_400_000;
    expect((expiry?.time ?? 0) * (expiry && expiry.time < 1e12 ? 1000 : 1) - Date.now()).toBeGreaterThan(
      sevenDays - 120_000,
    );

    // Not idle yet: the check re-arms instead of destroying.
    await runInDurableObject(stub, (instance) => instance.expireIfIdle());
    expect((await rpc(token, sessionId, "ping")).result).toEqual({});

    // Idle for longer than the period: the check destroys the object and all its storage.
    await runInDurableObject(stub, async (instance, state) => {
      await state.storage.put("outpost:last-seen", Date.now() - sevenDays - 1000);
      await instance.expireIfIdle();
    }).catch(() => {}); // destroy() aborts the object right after wiping it
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Inspecting constructs a fresh instance, and the agents constructor writes its schema marker;
    // nothing of the session (owner, props, initialize request, scratchpad state) is left.
    const left = await runInDurableObject(sessionStub(sessionId), async (instance, state) => ({
      keys: [...(await state.storage.list()).keys()].filter((key) => key !== "cf_agents:schema_version"),
      scratchpad: instance.state.scratchpad,
    }));
    expect(left).toEqual({ keys: [], scratchpad: [] });
    expect((await postMcp(token, ping(), { "Mcp-Session-Id": sessionId })).status).toBe(404);
  });
});

describe("the session_expired log line", () => {
  function expiredEvents(spy: { mock: { calls: unknown[][] } }): Record<string, unknown>[] {
    return spy.mock.calls
      .map(([line]) => {
        try {
          return JSON.parse(String(line)) as Record<string, unknown>;
        } catch {
          return {};
        }
      })
      .filter((event) => event.event === "session_expired");
  }

  it("reports no idle time for an object that never served a session (not one counted from 1970)", async () => {
    const log = vi.spyOn(console, "log");
    try {
      await runInDurableObject(sessionStub("9".repeat(64)), (instance) => instance.expireIfIdle()).catch(() => {});
      const [event] = expiredEvents(log);
      expect(event).toMatchObject({ transport: "streamable-http", reason: "never-used" });
      expect(event).not.toHaveProperty("idleSeconds");
    } finally {
      log.mockRestore();
    }
  });

  it("reports the real idle time of a session that went quiet", async () => {
    const token = (await signIn()).tokens.access_token;
    const sessionId = await openSession(token);
    const log = vi.spyOn(console, "log");
    try {
      await runInDurableObject(sessionStub(sessionId), async (instance, state) => {
        await state.storage.put("outpost:last-seen", Date.now() - 8 * 86_400_000);
        await instance.expireIfIdle();
      }).catch(() => {});
      const [event] = expiredEvents(log);
      expect(event).toMatchObject({ transport: "streamable-http", reason: "idle" });
      expect(Math.abs((event?.idleSeconds as number) - 8 * 86_400)).toBeLessThan(60);
    } finally {
      log.mockRestore();
    }
  });
});

describe("legacy SSE transport", () => {
  it("announces a message endpoint, answers over the stream, and binds the session to its user", async () => {
    const token = (await signIn()).tokens.access_token;
    const stream = await openSse(token);
    expect(stream.endpoint).toMatch(/^\/sse\/message\?sessionId=[0-9a-f]{64}$/);

    expect((await stream.post(INITIALIZE)).status).toBe(202);
    expect(await stream.readUntil('"serverInfo"')).toContain("event: message");

    const other = (await tokensFor("test:trudy")).access_token;
    const stolen = await send(stream.endpoint, {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${other}` },
      body: JSON.stringify(ping()),
    });
    expect(stolen.status).toBe(404);
    await stream.close();
  });

  it("refuses malformed posts with JSON errors, never a 500", async () => {
    const token = (await signIn()).tokens.access_token;
    const stream = await openSse(token);
    const noSession = await send("/sse/message", {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}` },
      body: JSON.stringify(ping()),
    });
    expect(noSession.status).toBe(400);
    const badJson = await stream.post("{not json");
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const badType = await stream.post("{}", { "Content-Type": "text/plain" });
    expect(badType.status).toBe(415);
    await stream.close();
  });
});

describe("initialize", () => {
  it("creates a session with a 64-hex id and never reuses a client-chosen one", async () => {
    const token = (await signIn()).tokens.access_token;
    const response = await postMcp(token, INITIALIZE);
    expect(response.status).toBe(200);
    expect(response.headers.get("mcp-session-id")).toMatch(/^[0-9a-f]{64}$/);
    const [reply] = await rpcMessages(response);
    expect(reply?.result.serverInfo.name).toBe("outpost");
    const withId = await postMcp(token, INITIALIZE, { "Mcp-Session-Id": "b".repeat(64) });
    expect(withId.status).toBe(400);
  });
});
