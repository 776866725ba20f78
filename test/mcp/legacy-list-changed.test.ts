/**
 * The 2025-era leg sends the `notifications/resources/list_changed` it declares: a write from any
 * session, era or device reaches the user's sessions through their Workspace object (which calls
 * each session in use over RPC), on the stream that carries server messages (the standalone GET
 * stream, or the legacy SSE stream). Tool and prompt list changes are no longer declared.
 */
import { evictAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { encodeUserId } from "../../src/mcp/props";
import { LISTEN_LIMITS } from "../../src/workspace/changes";
import { SessionWatchers } from "../../src/workspace/session-watchers";
import { tokensFor } from "../helpers/grants";
import { readSse } from "../helpers/listen";
import { modernTool } from "../helpers/modern";
import { openInitializedSse } from "../helpers/sse";
import { callTool, INITIALIZE, openSession, postMcp, rpcMessages, send } from "../helpers/worker";

const LIST_CHANGED = "notifications/resources/list_changed";
const isListChanged = (message: Record<string, any>) => message.method === LIST_CHANGED;

async function user(scopes = ["workspace:read", "workspace:write"]) {
  const subject = `test:session-${crypto.randomUUID().slice(0, 8)}`;
  return { subject, token: (await tokensFor(subject, scopes)).access_token };
}

function workspaceOf(subject: string) {
  return env.WORKSPACE.get(env.WORKSPACE.idFromName(encodeUserId(subject)));
}

function sessionObjectId(sessionId: string): string {
  return env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`).toString();
}

/** The standalone GET stream of a Streamable HTTP session. */
async function openGetStream(token: string, sessionId: string) {
  const response = await send("/mcp", {
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: "text/event-stream",
      "Mcp-Session-Id": sessionId,
      "MCP-Protocol-Version": "2025-11-25",
    },
  });
  expect(response.status).toBe(200);
  return readSse(response);
}

describe("what a 2025 session declares", () => {
  it("declares resource list changes, and no tool or prompt list changes", async () => {
    const { token } = await user();
    const [reply] = await rpcMessages(await postMcp(token, INITIALIZE));
    expect(reply!.result.capabilities.resources.listChanged).toBe(true);
    expect(reply!.result.capabilities.tools.listChanged).toBeFalsy();
    expect(reply!.result.capabilities.prompts.listChanged).toBeFalsy();
  });
});

describe("delivery to 2025 sessions", () => {
  it("sends list_changed on a Streamable HTTP session's GET stream when a 2026-07-28 request writes a note", async () => {
    const alice = await user();
    const sessionId = await openSession(alice.token);
    // Any request names the session to the workspace (once a minute at most).
    await callTool(alice.token, sessionId, "notes_list");
    expect(await workspaceOf(alice.subject).watchingSessions()).toContain(sessionObjectId(sessionId));
    const stream = await openGetStream(alice.token, sessionId);
    try {
      const created = await modernTool(alice.token, "notes_create", { title: "From elsewhere", body: "x" });
      expect(created.result.isError).toBeFalsy();
      const notice = await stream.next(isListChanged);
      expect(notice).toMatchObject({ jsonrpc: "2.0", method: LIST_CHANGED });
    } finally {
      await stream.close();
    }
  });

  it("sends list_changed on a legacy SSE stream when another session writes a note", async () => {
    const bob = await user();
    const sse = await openInitializedSse(bob.token);
    try {
      // The SSE session's first request names it to the workspace.
      const listed = await sse.post({
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: { name: "notes_list", arguments: {} },
      });
      expect(listed.status).toBe(202);
      expect(await sse.readUntil('"id":7')).not.toContain(LIST_CHANGED);
      const other = await openSession(bob.token);
      const created = await callTool(bob.token, other, "notes_create", { title: "From the phone", body: "x" });
      expect(created.result.isError).toBeFalsy();
      await sse.readUntil(LIST_CHANGED);
    } finally {
      await sse.close();
    }
  });

  it("never tells one user's session about another user's writes", async () => {
    const carol = await user();
    const dave = await user();
    const sessionId = await openSession(carol.token);
    await callTool(carol.token, sessionId, "notes_list");
    const stream = await openGetStream(carol.token, sessionId);
    try {
      await modernTool(dave.token, "notes_create", { title: "Dave's", body: "x" });
      expect((await stream.quiet(500)).filter(isListChanged)).toEqual([]);
      expect(await workspaceOf(dave.subject).watchingSessions()).not.toContain(sessionObjectId(sessionId));
      // Carol's own write does arrive: the stream was listening.
      await modernTool(carol.token, "notes_create", { title: "Carol's", body: "x" });
      await stream.next(isListChanged);
    } finally {
      await stream.close();
    }
  });

  it("answers the workspace's call when woken cold, with nobody to tell, without failing", async () => {
    const frank = await user();
    const sessionId = await openSession(frank.token);
    await evictAllDurableObjects();
    const session = env.MCP_OBJECT.get(env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`)) as unknown as {
      announceResourceChanges(changes: unknown[]): Promise<void>;
    };
    await expect(session.announceResourceChanges([{ kind: "resources_list_changed" }])).resolves.toBeUndefined();
    // And the session still serves its owner afterwards.
    const reply = await callTool(frank.token, sessionId, "notes_list");
    expect(reply.result.isError).toBeFalsy();
  });

  it("does not name a session without workspace access to the workspace", async () => {
    const erin = await user(["weather:read"]);
    const sessionId = await openSession(erin.token);
    await callTool(erin.token, sessionId, "weather_units");
    expect(await workspaceOf(erin.subject).watchingSessions()).toEqual([]);
  });
});

describe("the sessions a workspace tells", () => {
  const limits = { ...LISTEN_LIMITS, sessionsPerUser: 2, sessionWatchMs: 60_000 };
  const ids = Array.from({ length: 3 }, () => env.MCP_OBJECT.newUniqueId().toString());

  it(`keeps at most sessionsPerUser (${LISTEN_LIMITS.sessionsPerUser} in production), forgetting the one used longest ago`, async () => {
    await runInDurableObject(workspaceOf(`test:watchers-${crypto.randomUUID()}`), (_instance, state) => {
      const watchers = new SessionWatchers(state.storage.kv, env.MCP_OBJECT, limits);
      expect(watchers.watch(ids[0]!, 1_000)).toBe(true);
      expect(watchers.watch(ids[1]!, 2_000)).toBe(true);
      expect(watchers.live(2_000).sort()).toEqual([ids[0], ids[1]].sort());
      expect(watchers.watch(ids[2]!, 3_000)).toBe(true);
      expect(watchers.live(3_000).sort()).toEqual([ids[1], ids[2]].sort());
      // Used again: the oldest is now another one.
      watchers.watch(ids[1]!, 3_500);
      watchers.watch(ids[0]!, 3_600);
      expect(watchers.live(3_600).sort()).toEqual([ids[0], ids[1]].sort());
    });
  });

  it(`forgets a session sessionWatchMs (${LISTEN_LIMITS.sessionWatchMs / 60_000} min in production) after its last request, and refuses what is not an object id`, async () => {
    await runInDurableObject(workspaceOf(`test:watchers-${crypto.randomUUID()}`), (_instance, state) => {
      const watchers = new SessionWatchers(state.storage.kv, env.MCP_OBJECT, limits);
      watchers.watch(ids[0]!, 10_000);
      expect(watchers.live(69_999)).toEqual([ids[0]]);
      expect(watchers.live(70_000)).toEqual([]);
      // Forgotten, not just skipped: an earlier clock does not bring it back.
      expect(watchers.live(10_500)).toEqual([]);
      expect(watchers.watch("not-an-id", 0)).toBe(false);
      expect(watchers.watch(`${ids[0]!.slice(0, 63)}G`, 0)).toBe(false);
      watchers.watch(ids[1]!, 0);
      watchers.unwatch(ids[1]!);
      expect(watchers.live(1)).toEqual([]);
    });
  });
});
