/**
 * `subscriptions/listen` on the 2026-07-28 leg, against the real worker and real Workspace
 * objects: what is advertised, the acknowledgement, delivery of writes from either era through the
 * user's object, filtering, isolation between users, and every limit at its edge (streams per
 * user, subscriptions per stream, lifetime, keepalives), with the object's listener count back to
 * zero whenever streams close.
 */
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../../src/config";
import { serveModern } from "../../../src/mcp/modern/handler";
import { encodeUserId } from "../../../src/mcp/props";
import { CHANGE_FEED_PATH, CHANGE_FILTER_HEADER } from "../../../src/workspace/change-feed";
import { LISTEN_LIMITS, type ListenLimits } from "../../../src/workspace/changes";
import { tokensFor } from "../../helpers/grants";
import { type ListenFilter, type ListenStream, openListen, SUBSCRIPTION_ID } from "../../helpers/listen";
import { MCP_HEADERS, modernRequest } from "../../helpers/mcp-wire";
import { modernRpc, modernTool } from "../../helpers/modern";
import { callTool, ORIGIN, openSession } from "../../helpers/worker";

const inWorker = (url: string, init: RequestInit) => exports.default.fetch(new Request(url, init));
const MCP_URL = new URL("/mcp", ORIGIN).href;

function listen(token: string, filter: ListenFilter): Promise<ListenStream> {
  return openListen(inWorker, MCP_URL, token, filter);
}

function listeners(subject: string): Promise<number> {
  return (
    env.WORKSPACE.get(env.WORKSPACE.idFromName(encodeUserId(subject))) as unknown as {
      listenerCount(): Promise<number>;
    }
  ).listenerCount();
}

/** Closing is asynchronous on the object's side: wait (bounded) for its count to reach `count`. */
async function listenersReach(subject: string, count: number, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  let now = await listeners(subject);
  while (now !== count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    now = await listeners(subject);
  }
  expect(now).toBe(count);
}

const method = (name: string) => (message: Record<string, any>) => message.method === name;

async function createNote(token: string, title: string): Promise<{ id: string; version: number }> {
  const reply = await modernTool(token, "notes_create", { title, body: `Body of ${title}` });
  expect(reply.result?.isError, JSON.stringify(reply)).toBeFalsy();
  return reply.result.structuredContent;
}

let subjectCount = 0;
async function user(scopes = ["workspace:read", "workspace:write"]) {
  const subject = `test:listener-${++subjectCount}-${crypto.randomUUID().slice(0, 8)}`;
  return { subject, token: (await tokensFor(subject, scopes)).access_token };
}

describe("what is advertised", () => {
  it("advertises resource list changes and subscriptions to a grant that sees notes and files, and never tool or prompt list changes", async () => {
    const { token } = await user();
    const discover = await modernRpc(token, "server/discover");
    expect(discover.result.capabilities.resources).toMatchObject({ listChanged: true, subscribe: true });
    expect(discover.result.capabilities.tools.listChanged).toBe(false);
    expect(discover.result.capabilities.prompts.listChanged).toBe(false);
  });

  it("advertises nothing live to a grant without the workspace, and its listen stream acknowledges nothing and completes", async () => {
    const { token } = await user(["weather:read"]);
    const discover = await modernRpc(token, "server/discover");
    expect(discover.result.capabilities.resources?.listChanged).not.toBe(true);
    expect(discover.result.capabilities.resources?.subscribe).not.toBe(true);
    const stream = await listen(token, { resourcesListChanged: true, toolsListChanged: true });
    const messages = await stream.end();
    expect(messages[0]).toMatchObject({
      method: "notifications/subscriptions/acknowledged",
      params: { notifications: {} },
    });
    expect(messages.at(-1)).toMatchObject({ id: stream.id, result: { resultType: "complete" } });
  });
});

describe("delivery through the user's Workspace object", () => {
  let alice: { subject: string; token: string };
  beforeAll(async () => {
    alice = await user();
  });

  it("acknowledges first with what it will deliver, then announces a note created by another request", async () => {
    const stream = await listen(alice.token, {
      resourcesListChanged: true,
      toolsListChanged: true,
      promptsListChanged: true,
    });
    try {
      expect(stream.response.headers.get("Content-Type")).toContain("text/event-stream");
      const ack = await stream.next(() => true);
      expect(ack.method).toBe("notifications/subscriptions/acknowledged");
      // Only what Outpost serves is acknowledged: tool and prompt lists never change while a token lives.
      expect(ack.params.notifications).toEqual({ resourcesListChanged: true });
      expect(ack.params._meta[SUBSCRIPTION_ID]).toBe(stream.id);
      await listenersReach(alice.subject, 1);

      await createNote(alice.token, "Written elsewhere");
      const changed = await stream.next(method("notifications/resources/list_changed"));
      expect(changed.params._meta[SUBSCRIPTION_ID]).toBe(stream.id);
    } finally {
      await stream.close();
    }
    await listenersReach(alice.subject, 0);
  });

  it("announces a note written through a 2025 session (another era, another object) to a 2026-07-28 listener", async () => {
    const stream = await listen(alice.token, { resourcesListChanged: true });
    try {
      await stream.next(method("notifications/subscriptions/acknowledged"));
      const sessionId = await openSession(alice.token);
      const reply = await callTool(alice.token, sessionId, "notes_create", { title: "From the phone", body: "Milk" });
      expect(reply.result.isError).toBeFalsy();
      await stream.next(method("notifications/resources/list_changed"));
    } finally {
      await stream.close();
    }
  });

  it("sends resources/updated only for the URIs a stream subscribed to, and list changes only to streams that asked", async () => {
    const watched = await createNote(alice.token, "Watched");
    const other = await createNote(alice.token, "Not watched");
    const subscriber = await listen(alice.token, { resourceSubscriptions: [`note://${watched.id}`] });
    const lister = await listen(alice.token, { resourcesListChanged: true });
    try {
      expect((await subscriber.next(() => true)).params.notifications).toEqual({
        resourceSubscriptions: [`note://${watched.id}`],
      });
      await lister.next(method("notifications/subscriptions/acknowledged"));

      const updateOther = await modernTool(alice.token, "notes_update", {
        id: other.id,
        expectedVersion: other.version,
        body: "changed",
      });
      expect(updateOther.result.isError).toBeFalsy();
      const updateWatched = await modernTool(alice.token, "notes_update", {
        id: watched.id,
        expectedVersion: watched.version,
        body: "changed",
      });
      expect(updateWatched.result.isError).toBeFalsy();

      const updated = await subscriber.next(method("notifications/resources/updated"));
      expect(updated.params.uri).toBe(`note://${watched.id}`);
      expect(updated.params._meta[SUBSCRIPTION_ID]).toBe(subscriber.id);
      await lister.next(method("notifications/resources/list_changed"));

      const deleted = await modernTool(alice.token, "notes_delete", { id: watched.id });
      expect(deleted.result.isError, JSON.stringify(deleted)).toBeFalsy();
      expect((await subscriber.next(method("notifications/resources/updated"))).params.uri).toBe(
        `note://${watched.id}`,
      );

      // Nothing else: no update of the other note, no list changes for the subscriber, no updates for the lister.
      const late = [...(await subscriber.quiet(300)), ...subscriber.messages];
      expect(late.filter((message) => message.params?.uri === `note://${other.id}`)).toEqual([]);
      expect(late.filter(method("notifications/resources/list_changed"))).toEqual([]);
      const listed = [...(await lister.quiet(100)), ...lister.messages];
      expect(listed.filter(method("notifications/resources/updated"))).toEqual([]);
    } finally {
      await subscriber.close();
      await lister.close();
    }
    await listenersReach(alice.subject, 0);
  });

  it("announces uploaded and deleted files", async () => {
    const stream = await listen(alice.token, { resourcesListChanged: true });
    try {
      await stream.next(method("notifications/subscriptions/acknowledged"));
      const upload = await modernTool(alice.token, "files_upload", {
        name: "hello.txt",
        content: "hello",
        encoding: "text",
      });
      expect(upload.result.isError, JSON.stringify(upload)).toBeFalsy();
      await stream.next(method("notifications/resources/list_changed"));
    } finally {
      await stream.close();
    }
  });

  it("never tells one user's listener about another user's writes", async () => {
    const bob = await user();
    const stream = await listen(alice.token, { resourcesListChanged: true });
    try {
      await stream.next(method("notifications/subscriptions/acknowledged"));
      await createNote(bob.token, "Bob's secret");
      expect(await stream.quiet(400)).toEqual([]);
      // The stream is alive: Alice's own write arrives.
      await createNote(alice.token, "Alice's own");
      await stream.next(method("notifications/resources/list_changed"));
      expect(await listeners(bob.subject)).toBe(0);
    } finally {
      await stream.close();
    }
  });
});

describe("limits", () => {
  it(`opens ${LISTEN_LIMITS.perUser} streams per user, refuses one more with a JSON-RPC error, and has room again once one closes`, async () => {
    const carol = await user();
    const streams: ListenStream[] = [];
    try {
      for (let index = 0; index < LISTEN_LIMITS.perUser; index++) {
        const stream = await listen(carol.token, { resourcesListChanged: true });
        await stream.next(method("notifications/subscriptions/acknowledged"));
        streams.push(stream);
      }
      expect(await listeners(carol.subject)).toBe(LISTEN_LIMITS.perUser);

      const refused = await listen(carol.token, { resourcesListChanged: true });
      expect(refused.response.status).toBe(200);
      const [error] = refused.messages;
      expect(error).toMatchObject({ jsonrpc: "2.0", id: refused.id, error: { code: -32603 } });
      expect(error!.error.message).toContain(`${LISTEN_LIMITS.perUser} listen streams are already open`);
      expect(await listeners(carol.subject)).toBe(LISTEN_LIMITS.perUser);

      // Another user is not affected by Carol's streams.
      const dave = await user();
      const daves = await listen(dave.token, { resourcesListChanged: true });
      await daves.next(method("notifications/subscriptions/acknowledged"));
      await daves.close();

      await streams.pop()!.close();
      await listenersReach(carol.subject, LISTEN_LIMITS.perUser - 1);
      const again = await listen(carol.token, { resourcesListChanged: true });
      await again.next(method("notifications/subscriptions/acknowledged"));
      streams.push(again);
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
    }
    await listenersReach(carol.subject, 0);
  });

  it(`takes ${LISTEN_LIMITS.maxResourceSubscriptions} resource subscriptions per stream and refuses one more with -32602`, async () => {
    const erin = await user();
    const uris = Array.from({ length: LISTEN_LIMITS.maxResourceSubscriptions + 1 }, (_, index) => `note://n_${index}`);
    const refused = await listen(erin.token, { resourceSubscriptions: uris });
    expect(refused.messages[0]).toMatchObject({ id: refused.id, error: { code: -32602 } });
    expect(refused.messages[0]!.error.message).toContain(`at most ${LISTEN_LIMITS.maxResourceSubscriptions}`);
    expect(await listeners(erin.subject)).toBe(0);

    const accepted = await listen(erin.token, { resourceSubscriptions: uris.slice(1) });
    try {
      const ack = await accepted.next(() => true);
      expect(ack.params.notifications.resourceSubscriptions).toHaveLength(LISTEN_LIMITS.maxResourceSubscriptions);
    } finally {
      await accepted.close();
    }
  });

  it("frees its place at once when the SDK refuses the request after the feed was opened (a header that contradicts the body)", async () => {
    const gina = await user();
    const { body, headers } = modernRequest(
      "subscriptions/listen",
      { notifications: { resourcesListChanged: true } },
      { headers: { "Mcp-Method": "tools/list" } },
    );
    const response = await inWorker(MCP_URL, {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${gina.token}`, ...headers },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    await response.text();
    await listenersReach(gina.subject, 0);
  });

  it(`takes resource URIs up to ${LISTEN_LIMITS.maxUriLength} characters and refuses a longer one with -32602`, async () => {
    const hana = await user();
    const longest = `note://${"x".repeat(LISTEN_LIMITS.maxUriLength - "note://".length)}`;
    const refused = await listen(hana.token, { resourceSubscriptions: [`${longest}x`] });
    expect(refused.messages[0]).toMatchObject({ id: refused.id, error: { code: -32602 } });
    expect(refused.messages[0]!.error.message).toContain(`longer than ${LISTEN_LIMITS.maxUriLength} characters`);
    const accepted = await listen(hana.token, { resourceSubscriptions: [longest] });
    try {
      expect((await accepted.next(() => true)).params.notifications.resourceSubscriptions).toEqual([longest]);
    } finally {
      await accepted.close();
    }
    await listenersReach(hana.subject, 0);
  });

  it("refuses malformed params with the SDK's -32602 and opens nothing", async () => {
    const frank = await user();
    const { body, headers } = modernRequest("subscriptions/listen", {
      notifications: { resourceSubscriptions: "note://x" },
    });
    const response = await inWorker(MCP_URL, {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${frank.token}`, ...headers },
      body: JSON.stringify(body),
    });
    const reply = (await response.json()) as Record<string, any>;
    expect(reply.error.code).toBe(-32602);
    expect(await listeners(frank.subject)).toBe(0);
  });
});

describe("stream lifetime and keepalives", () => {
  /** Serve one listen request directly, with shortened limits (the worker uses LISTEN_LIMITS). */
  async function listenWith(subject: string, limits: Partial<ListenLimits>): Promise<ListenStream> {
    const props = {
      userId: encodeUserId(subject),
      displayName: subject,
      identity: "test",
      clientId: "c",
      clientName: "c",
      scopes: ["workspace:read"],
    };
    return openListen(
      async (url, init) => {
        const request = new Request(url, init);
        const parsedBody = JSON.parse(init.body as string);
        return serveModern(
          { request, parsedBody, env, config: readConfig(env), props },
          { ...LISTEN_LIMITS, ...limits },
        );
      },
      MCP_URL,
      "unused",
      { resourcesListChanged: true },
    );
  }

  it("ends a stream past its lifetime with a complete result, and frees its place", async () => {
    const subject = `test:lifetime-${crypto.randomUUID()}`;
    const started = Date.now();
    const stream = await listenWith(subject, { lifetimeMs: 800 });
    await stream.next(method("notifications/subscriptions/acknowledged"));
    await listenersReach(subject, 1);
    // Still open before its lifetime is up…
    await stream.quiet(Math.max(0, 500 - (Date.now() - started)));
    expect(stream.messages.filter((message) => message.id === stream.id)).toEqual([]);
    // …and ended soon after.
    const messages = await stream.end(3_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(messages.at(-1)).toMatchObject({
      id: stream.id,
      result: { resultType: "complete", _meta: { [SUBSCRIPTION_ID]: stream.id } },
    });
    await listenersReach(subject, 0);
  });

  it("sends keepalive comments at the configured interval", async () => {
    const subject = `test:keepalive-${crypto.randomUUID()}`;
    const stream = await listenWith(subject, { keepaliveMs: 100 });
    try {
      await stream.next(method("notifications/subscriptions/acknowledged"));
      await stream.quiet(450);
      // About one every 100 ms: at least two, and not a flood.
      expect(stream.comments.length).toBeGreaterThanOrEqual(2);
      expect(stream.comments.length).toBeLessThanOrEqual(6);
      expect(stream.comments.every((line) => line.startsWith(": keepalive"))).toBe(true);
    } finally {
      await stream.close();
    }
    await listenersReach(subject, 0);
  });
});

describe("the change feed inside the Workspace object", () => {
  function feed(subject: string) {
    return env.WORKSPACE.get(env.WORKSPACE.idFromName(encodeUserId(subject)));
  }

  it("ends the stream cleanly when the object closes its socket (a deploy, a reset), so the client listens again", async () => {
    const { subject, token } = await user();
    const stream = await listen(token, { resourcesListChanged: true });
    await stream.next(method("notifications/subscriptions/acknowledged"));
    await listenersReach(subject, 1);
    await runInDurableObject(feed(subject), (_instance, state) => {
      for (const socket of state.getWebSockets()) socket.close(1001, "going away");
    });
    const messages = await stream.end(3_000);
    expect(messages.at(-1)).toMatchObject({ id: stream.id, result: { resultType: "complete" } });
    await listenersReach(subject, 0);
  });

  it("refuses what is not a listener: no upgrade, a missing or oversized filter, another path", async () => {
    const stub = feed(`test:feed-${crypto.randomUUID()}`);
    const url = `https://workspace${CHANGE_FEED_PATH}`;
    const plain = await stub.fetch(url, {
      headers: { [CHANGE_FILTER_HEADER]: JSON.stringify({ listChanged: true, uris: [] }) },
    });
    expect(plain.status).toBe(426);
    const upgrade = { Upgrade: "websocket" };
    expect((await stub.fetch(url, { headers: upgrade })).status).toBe(400);
    expect((await stub.fetch(url, { headers: { ...upgrade, [CHANGE_FILTER_HEADER]: "{not json" } })).status).toBe(400);
    const tooMany = {
      listChanged: false,
      uris: Array.from({ length: LISTEN_LIMITS.maxResourceSubscriptions + 1 }, (_, index) => `note://n_${index}`),
    };
    expect(
      (await stub.fetch(url, { headers: { ...upgrade, [CHANGE_FILTER_HEADER]: JSON.stringify(tooMany) } })).status,
    ).toBe(400);
    const tooLong = { listChanged: false, uris: [`note://${"x".repeat(LISTEN_LIMITS.maxUriLength)}`] };
    expect(
      (await stub.fetch(url, { headers: { ...upgrade, [CHANGE_FILTER_HEADER]: JSON.stringify(tooLong) } })).status,
    ).toBe(400);
    expect((await stub.fetch("https://workspace/elsewhere", { headers: upgrade })).status).toBe(404);
    expect(await (stub as unknown as { listenerCount(): Promise<number> }).listenerCount()).toBe(0);
  });

  it("sends a listener only the changes its filter wants, whoever's socket it is", async () => {
    const stub = feed(`test:feed-${crypto.randomUUID()}`);
    const open = async (filter: { listChanged: boolean; uris: string[] }) => {
      const response = await stub.fetch(`https://workspace${CHANGE_FEED_PATH}`, {
        headers: { Upgrade: "websocket", [CHANGE_FILTER_HEADER]: JSON.stringify(filter) },
      });
      expect(response.status).toBe(101);
      const socket = response.webSocket!;
      const received: unknown[] = [];
      socket.accept();
      socket.addEventListener("message", (event) => received.push(JSON.parse(event.data as string)));
      return { socket, received };
    };
    const lists = await open({ listChanged: true, uris: [] });
    const watches = await open({ listChanged: false, uris: ["note://watched"] });
    await runInDurableObject(stub, (instance) => {
      (instance as unknown as { changes: { publish(changes: unknown[]): void } }).changes.publish([
        { kind: "resources_list_changed" },
        { kind: "resource_updated", uri: "note://watched" },
        { kind: "resource_updated", uri: "note://other" },
      ]);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lists.received).toEqual([{ kind: "resources_list_changed" }]);
    expect(watches.received).toEqual([{ kind: "resource_updated", uri: "note://watched" }]);
    lists.socket.close(1000);
    watches.socket.close(1000);
  });
});
