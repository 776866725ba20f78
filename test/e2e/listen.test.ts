/**
 * Live changes across the two eras against a real `wrangler dev`: the MCP SDK v1 client writes
 * notes over a 2025 session (Streamable HTTP and legacy SSE), and a 2026-07-28 `subscriptions/
 * listen` stream read with plain fetch hears of them; the other way round, a 2026-07-28 write
 * reaches the v1 client's GET stream as `notifications/resources/list_changed`. Each request gets
 * its own SDK handler and bus, so no memory is shared between the writer and the listener even
 * inside one isolate: the one way between them is the user's Workspace object. To show that across
 * isolates beyond doubt, a second `wrangler dev` process (its own workerd, so its own isolates)
 * runs a small worker bound to Outpost's Workspace objects through a private dev registry; its
 * writes reach Outpost's listener, and another user's writes do not.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LISTEN_LIMITS } from "../../src/workspace/changes";
import { openListen, SUBSCRIPTION_ID } from "../helpers/listen";
import { MCP_HEADERS, modernRequest, rpcMessages } from "../helpers/mcp-wire";
import { type DevServer, startDevServer } from "./harness";
import { signIn } from "./oauth";

let server: DevServer;
let token: string;
/** A dev registry of this file's own: the writer process must find this Outpost, not another run's. */
let registryPath: string;

beforeAll(async () => {
  registryPath = await mkdtemp(join(tmpdir(), "outpost-e2e-registry-"));
  server = await startDevServer({ registryPath });
  token = (
    await signIn(server.url, {
      passphrase: server.passphrase,
      clientName: "Outpost e2e listen",
      scope: "workspace:read workspace:write",
    })
  ).tokens.access_token;
});

afterAll(async () => {
  await server?.stop();
  if (registryPath) await rm(registryPath, { recursive: true, force: true });
});

const method = (name: string) => (message: Record<string, any>) => message.method === name;

function listen(notifications: Parameters<typeof openListen>[3]) {
  return openListen((url, init) => fetch(url, init), `${server.url}/mcp`, token, notifications);
}

async function v1Client(kind: "streamable-http" | "sse"): Promise<Client> {
  const requestInit = { headers: { Authorization: `Bearer ${token}` } };
  const transport =
    kind === "streamable-http"
      ? new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit })
      : new SSEClientTransport(new URL("/sse", server.url), {
          requestInit,
          eventSourceInit: {
            fetch: (url, init) => fetch(url, { ...init, headers: { ...init?.headers, ...requestInit.headers } }),
          },
        });
  const client = new Client({ name: "outpost-e2e-phone", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

async function modernTool(name: string, args: Record<string, unknown>) {
  const { id, body, headers } = modernRequest("tools/call", { name, arguments: args });
  const response = await fetch(`${server.url}/mcp`, {
    method: "POST",
    headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  return (await rpcMessages(response)).find((message) => message.id === id) as Record<string, any>;
}

describe("a write from another wrangler dev process (another isolate) reaches a listener", () => {
  /** The passphrase owner's user id as grants store it (`encodeUserId("passphrase:owner")`). */
  const OWNER = encodeURIComponent("passphrase:owner");
  let writer: DevServer;

  beforeAll(async () => {
    writer = await startDevServer({ configPath: "test/e2e/fixtures/listen-writer/wrangler.toml", registryPath });
  });

  afterAll(async () => {
    await writer?.stop();
  });

  async function write(user: string, title: string) {
    const response = await fetch(`${writer.url}/notes?${new URLSearchParams({ user })}`, {
      method: "POST",
      body: JSON.stringify({ title, body: "from the other process" }),
    });
    const result = (await response.json()) as { ok: boolean };
    expect(result.ok, JSON.stringify(result)).toBe(true);
  }

  it("the owner's note, written by the other process, arrives; another user's does not", async () => {
    const stream = await listen({ resourcesListChanged: true });
    try {
      await stream.next(method("notifications/subscriptions/acknowledged"));
      await write(encodeURIComponent("passphrase:someone-else"), "Not yours");
      expect((await stream.quiet(1_000)).filter(method("notifications/resources/list_changed"))).toEqual([]);
      await write(OWNER, "Yours");
      await stream.next(method("notifications/resources/list_changed"));
    } finally {
      await stream.close();
    }
  });
});

describe("a 2025 client's writes reach a 2026-07-28 listener", () => {
  it.each(["streamable-http", "sse"] as const)("over %s", async (kind) => {
    const stream = await listen({ resourcesListChanged: true });
    const phone = await v1Client(kind);
    try {
      const ack = await stream.next(method("notifications/subscriptions/acknowledged"));
      expect(ack.params.notifications).toEqual({ resourcesListChanged: true });

      const created = await phone.callTool({
        name: "notes_create",
        arguments: { title: `Shopping (${kind})`, body: "Milk" },
      });
      expect(created.isError).toBeFalsy();
      const note = created.structuredContent as { id: string; version: number };
      const changed = await stream.next(method("notifications/resources/list_changed"));
      expect(changed.params._meta[SUBSCRIPTION_ID]).toBe(stream.id);

      // A second stream subscribed to that note hears its update, and the list stream hears it too.
      const watcher = await listen({ resourceSubscriptions: [`note://${note.id}`] });
      try {
        await watcher.next(method("notifications/subscriptions/acknowledged"));
        const updated = await phone.callTool({
          name: "notes_update",
          arguments: { id: note.id, expectedVersion: note.version, body: "Milk, eggs" },
        });
        expect(updated.isError).toBeFalsy();
        expect((await watcher.next(method("notifications/resources/updated"))).params.uri).toBe(`note://${note.id}`);
        await stream.next(method("notifications/resources/list_changed"));
      } finally {
        await watcher.close();
      }
    } finally {
      await stream.close();
      await phone.close();
    }
  });
});

describe("a 2026-07-28 write reaches a 2025 client", () => {
  it("as notifications/resources/list_changed on the v1 client's GET stream", async () => {
    const laptop = await v1Client("streamable-http");
    try {
      expect(laptop.getServerCapabilities()?.resources?.listChanged).toBe(true);
      expect(laptop.getServerCapabilities()?.tools?.listChanged).toBeFalsy();
      const heard = new Promise<void>((resolve) =>
        laptop.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve()),
      );
      // A first request names the session to the workspace; the SDK opened its GET stream on connect.
      await laptop.listResources();
      const created = await modernTool("notes_create", { title: "Written by a 2026-07-28 client", body: "x" });
      expect(created.result.isError).toBeFalsy();
      await expect(
        Promise.race([
          heard.then(() => "heard"),
          new Promise((resolve) => setTimeout(() => resolve("silence"), 8_000)),
        ]),
      ).resolves.toBe("heard");
    } finally {
      await laptop.close();
    }
  });
});

/** Open a stream, retrying while the user's places are still held by streams closed a moment ago. */
async function listenWhenFree(ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const stream = await listen({ resourcesListChanged: true });
    if (!stream.messages[0]?.error || Date.now() > deadline) return stream;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("limits", () => {
  it("refuses one stream over the limit of a user with a JSON-RPC error, and takes one again once a stream closes", async () => {
    const streams = [];
    try {
      for (let index = 0; index < LISTEN_LIMITS.perUser; index++) {
        const stream = await listenWhenFree(40_000);
        await stream.next(method("notifications/subscriptions/acknowledged"));
        streams.push(stream);
      }
      const refused = await listen({ resourcesListChanged: true });
      expect(refused.response.status).toBe(200);
      expect(refused.messages[0]).toMatchObject({ id: refused.id, error: { code: -32603 } });
      await streams.pop()!.close();
      const closedAt = Date.now();
      const again = await listenWhenFree(40_000);
      // The worker learns that a client went away when a keepalive cannot be written: about two
      // intervals (30 s measured under wrangler dev), and the place is held until then.
      expect(Date.now() - closedAt).toBeLessThan(2 * LISTEN_LIMITS.keepaliveMs + 10_000);
      await again.next(method("notifications/subscriptions/acknowledged"));
      streams.push(again);
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
    }
  }, 120_000);
});
