/**
 * Resource templates, paginated resources/list, -32002 and completion, through the real SDK
 * server and client connected in memory, with a test toolkit whose data depends on the caller.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readConfig } from "../../src/config";
import { encodeCursor } from "../../src/lib/cursor";
import { catalogOf } from "../../src/mcp/catalog";
import {
  ANY_GRANT,
  definePrompt,
  defineResource,
  defineResourceTemplate,
  defineToolkit,
  invalidCursor,
  resourceNotFound,
  type ToolContext,
} from "../../src/mcp/define";
import type { SessionProps } from "../../src/mcp/props";
import { registerToolkits } from "../../src/mcp/register";
import { memorySessionStore, memoryUserContext } from "./memory-session-store";

/** Each user owns `count` items; ids are "<user>-<n>". */
function itemsOf(userId: string, count = 7): { id: string; title: string }[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `${userId}-${n}`,
    title: `${n % 2 ? "Odd" : "Even"} item ${n}`,
  }));
}

const PAGE = 3;

const testToolkit = defineToolkit({
  name: "test",
  title: "Test",
  scopes: { "items:read": "Read test items" },
  tools: [],
  resources: [
    defineResource({
      name: "fixed",
      title: "Fixed",
      description: "A fixed resource.",
      uri: "test://fixed",
      mimeType: "text/plain",
      scope: "items:read",
      read: (uri) => ({ contents: [{ uri: uri.href, text: "fixed" }] }),
    }),
  ],
  resourceTemplates: [
    defineResourceTemplate({
      name: "item",
      title: "Item",
      description: "One item.",
      uriTemplate: "item://{id}",
      mimeType: "text/plain",
      scope: "items:read",
      list(ctx, cursor) {
        const start = cursor === undefined ? 0 : Number(cursor);
        if (!Number.isInteger(start) || start < 0) throw invalidCursor();
        const all = itemsOf(ctx.props.userId);
        const page = all.slice(start, start + PAGE);
        const next = start + PAGE < all.length ? String(start + PAGE) : undefined;
        return {
          resources: page.map((item) => ({ uri: `item://${item.id}`, name: item.title })),
          ...(next && { nextCursor: next }),
        };
      },
      complete: {
        id: (typed, ctx) =>
          itemsOf(ctx.props.userId)
            .filter((item) => item.title.toLowerCase().startsWith(typed.toLowerCase()))
            .map((item) => item.id),
      },
      read(uri, { id }, ctx) {
        const item = itemsOf(ctx.props.userId).find((candidate) => candidate.id === id);
        if (!item) throw resourceNotFound(uri.href);
        return { contents: [{ uri: uri.href, mimeType: "text/plain", text: item.title }] };
      },
    }),
    defineResourceTemplate({
      name: "public",
      title: "Public",
      description: "Open to any grant, with many members.",
      uriTemplate: "public://{n}",
      scope: ANY_GRANT,
      list: () => ({ resources: [] }),
      complete: { n: () => Array.from({ length: 150 }, (_, n) => String(n)) },
      read: (uri) => ({ contents: [{ uri: uri.href, text: "public" }] }),
    }),
  ],
  prompts: [
    definePrompt({
      name: "greet",
      title: "Greet",
      description: "Greets someone.",
      scope: ANY_GRANT,
      args: { name: z.string().max(20), style: z.string().optional() },
      complete: {
        style: (typed, _ctx, { arguments: args }) =>
          ["formal", "casual"]
            .filter((style) => style.startsWith(typed))
            .map((style) => (args.name ? `${style} (${args.name})` : style)),
      },
      get: ({ name }) => ({ messages: [{ role: "user", content: { type: "text", text: `Say hello to ${name}.` } }] }),
    }),
  ],
});

async function connect(userId: string, scopes: string[]): Promise<Client> {
  const props: SessionProps = { userId, displayName: userId, identity: "test", clientId: "c", clientName: "C", scopes };
  const server = new McpServer(
    { name: "t", version: "1" },
    { capabilities: { resources: {}, prompts: {}, completions: {}, logging: {} } },
  );
  const session = memorySessionStore();
  registerToolkits(
    server,
    catalogOf([testToolkit]),
    (extra) =>
      ({
        props,
        session,
        ...memoryUserContext(),
        env: {} as Env,
        config: readConfig({}),
        signal: extra.signal,
        progress: async () => {},
        log: async () => {},
      }) satisfies ToolContext,
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test-client", version: "1" });
  await client.connect(clientSide);
  return client;
}

async function rpcError(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; message: string };
  }
  throw new Error("expected a JSON-RPC error");
}

describe("resources/list across fixed resources and templates", () => {
  it("pages through every member exactly once with opaque cursors", async () => {
    const client = await connect("alice", ["items:read"]);
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listResources(cursor ? { cursor } : {});
      seen.push(...page.resources.map((resource) => resource.uri));
      pageSizes.push(page.resources.length);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["test://fixed", ...itemsOf("alice").map((item) => `item://${item.id}`)]);
    // The fixed resource runs on into the first template page; the last page has no cursor even
    // though an (empty) template follows.
    expect(pageSizes).toEqual([4, 3, 1]);
  });

  it("refuses a cursor it did not issue with -32602", async () => {
    const client = await connect("alice", ["items:read"]);
    for (const cursor of [
      "not a cursor",
      encodeCursor({ source: "nope" }),
      encodeCursor({ source: "item", cursor: "-5" }),
      encodeCursor([1, 2]),
    ]) {
      const error = await rpcError(client.listResources({ cursor }));
      expect(error.code).toBe(-32602);
      expect(error.message).toContain("cursor");
    }
  });

  it("lists nothing the grant does not allow, but keeps ANY_GRANT templates", async () => {
    const client = await connect("alice", ["other:read"]);
    expect((await client.listResources()).resources).toEqual([]);
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate);
    expect(templates).toEqual(["public://{n}"]);
  });
});

describe("resources/read through templates", () => {
  it("reads the caller's own member", async () => {
    const client = await connect("alice", ["items:read"]);
    const result = await client.readResource({ uri: "item://alice-2" });
    expect(result.contents[0]).toMatchObject({ uri: "item://alice-2", text: "Even item 2" });
  });

  it("answers -32002 for another user's id, a URI no template matches, and an unknown scheme", async () => {
    const client = await connect("bob", ["items:read"]);
    for (const uri of ["item://alice-2", "item://bob-99", "nothing://here"]) {
      const error = await rpcError(client.readResource({ uri }));
      expect(error.code, uri).toBe(-32002);
      expect(error.message).toContain("resources/list");
    }
  });

  it("names the missing scope instead of reading", async () => {
    const client = await connect("alice", ["other:read"]);
    const error = await rpcError(client.readResource({ uri: "item://alice-1" }));
    expect(error.code).toBe(-32602);
    expect(error.message).toContain('"items:read"');
  });
});

describe("completion/complete", () => {
  it("suggests only the caller's values for a template variable", async () => {
    const alice = await connect("alice", ["items:read"]);
    const result = await alice.complete({
      ref: { type: "ref/resource", uri: "item://{id}" },
      argument: { name: "id", value: "odd" },
    });
    expect(result.completion.values).toEqual(["alice-1", "alice-3", "alice-5"]);
    const bob = await connect("bob", ["items:read"]);
    const theirs = await bob.complete({
      ref: { type: "ref/resource", uri: "item://{id}" },
      argument: { name: "id", value: "odd" },
    });
    expect(theirs.completion.values.every((value) => value.startsWith("bob-"))).toBe(true);
  });

  it("caps values at 100 and reports the total", async () => {
    const client = await connect("alice", []);
    const result = await client.complete({
      ref: { type: "ref/resource", uri: "public://{n}" },
      argument: { name: "n", value: "" },
    });
    expect(result.completion).toMatchObject({ total: 150, hasMore: true });
    expect(result.completion.values).toHaveLength(100);
  });

  it("passes the other arguments already given to a prompt completer", async () => {
    const client = await connect("alice", []);
    const result = await client.complete({
      ref: { type: "ref/prompt", name: "greet" },
      argument: { name: "style", value: "f" },
      context: { arguments: { name: "Ana" } },
    });
    expect(result.completion.values).toEqual(["formal (Ana)"]);
  });

  it("answers an empty list for an argument without a completer", async () => {
    const client = await connect("alice", []);
    const result = await client.complete({
      ref: { type: "ref/prompt", name: "greet" },
      argument: { name: "name", value: "A" },
    });
    expect(result.completion.values).toEqual([]);
  });

  it("refuses unknown prompts and templates, and scopes not granted, with -32602", async () => {
    const client = await connect("alice", []);
    const unknownPrompt = await rpcError(
      client.complete({ ref: { type: "ref/prompt", name: "nope" }, argument: { name: "x", value: "" } }),
    );
    expect(unknownPrompt.code).toBe(-32602);
    const unknownTemplate = await rpcError(
      client.complete({ ref: { type: "ref/resource", uri: "nope://{x}" }, argument: { name: "x", value: "" } }),
    );
    expect(unknownTemplate.code).toBe(-32602);
    const notGranted = await rpcError(
      client.complete({ ref: { type: "ref/resource", uri: "item://{id}" }, argument: { name: "id", value: "" } }),
    );
    expect(notGranted.code).toBe(-32602);
    expect(notGranted.message).toContain('"items:read"');
  });
});

describe("prompts/get validation", () => {
  it("answers -32602 when an argument breaks its schema", async () => {
    const client = await connect("alice", []);
    const error = await rpcError(client.getPrompt({ name: "greet", arguments: { name: "x".repeat(21) } }));
    expect(error.code).toBe(-32602);
    const ok = await client.getPrompt({ name: "greet", arguments: { name: "Ana" } });
    expect(ok.messages[0]?.content).toMatchObject({ text: "Say hello to Ana." });
  });
});
