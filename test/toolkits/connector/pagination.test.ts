import { env } from "cloudflare:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { readConfig } from "../../../src/config";
import { encodeCursor } from "../../../src/lib/cursor";
import { catalogOf } from "../../../src/mcp/catalog";
import { defineTool, defineToolkit, type ToolContext, type Toolkit } from "../../../src/mcp/define";
import type { SessionProps } from "../../../src/mcp/props";
import { registerToolkits } from "../../../src/mcp/register";
import { toolkits } from "../../../src/toolkits";
import { connectorToolkit } from "../../../src/toolkits/connector";
import { CONNECTOR_LIMITS } from "../../../src/toolkits/connector/limits";
import { pageOfKeys } from "../../../src/toolkits/connector/paging";
import { deploymentDescription } from "../../../src/toolkits/deployment-description";
import { openSession, rpc, signIn } from "../../helpers/worker";
import { memorySessionStore, memoryUserContext } from "../../mcp/memory-session-store";

const SECTIONS = ["server", "auth", "limits", "toolkits", "scopes"];

describe("resources/list through the worker", () => {
  let token: string;
  let session: string;
  beforeAll(async () => {
    token = (await signIn({ requestScope: "session:read", scopes: ["session:read"] })).tokens.access_token;
    session = await openSession(token);
  });

  it("pages through every config section and every tool's docs once, at most a page size at a time", async () => {
    const pages: { uri: string }[][] = [];
    let cursor: string | undefined;
    do {
      const reply = await rpc(token, session, "resources/list", cursor ? { cursor } : {});
      expect(reply.error, JSON.stringify(reply.error)).toBeUndefined();
      pages.push(reply.result.resources);
      cursor = reply.result.nextCursor;
      expect(pages.length).toBeLessThan(100);
    } while (cursor);

    const uris = pages.flat().map((resource) => resource.uri);
    expect(new Set(uris).size).toBe(uris.length);
    expect(uris.filter((uri) => uri.startsWith("config://"))).toEqual(
      SECTIONS.map((section) => `config://connector/${section}`),
    );
    const toolNames = toolkits.flatMap((toolkit) => toolkit.tools.map((tool) => tool.name));
    expect(uris.filter((uri) => uri.startsWith("docs://"))).toEqual(toolNames.map((name) => `docs://tools/${name}`));

    // Each template hands out full pages until its last one; a page of resources/list may carry
    // the end of one template and the start of the next, but never more than a page of either.
    for (const prefix of ["config://", "docs://"]) {
      const chunks = pages
        .map((page) => page.filter((resource) => resource.uri.startsWith(prefix)).length)
        .filter((count) => count > 0);
      chunks.slice(0, -1).forEach((count) => expect(count, prefix).toBe(CONNECTOR_LIMITS.defaultPageSize));
      expect(chunks.at(-1), prefix).toBeLessThanOrEqual(CONNECTOR_LIMITS.defaultPageSize);
    }
  });

  it("describes each listed resource", async () => {
    const first = await rpc(token, session, "resources/list");
    let all = first.result.resources;
    for (let cursor = first.result.nextCursor; cursor; ) {
      const next = await rpc(token, session, "resources/list", { cursor });
      all = all.concat(next.result.resources);
      cursor = next.result.nextCursor;
    }
    expect(all.find((resource: any) => resource.uri === "config://connector/limits")).toMatchObject({
      name: "connector_config_limits",
      mimeType: "application/json",
      description: expect.stringContaining("prompt argument caps"),
    });
    expect(all.find((resource: any) => resource.uri === "docs://tools/session_info")).toMatchObject({
      name: "tool_docs_session_info",
      title: "Session details (session_info)",
      mimeType: "text/markdown",
      description: expect.stringMatching(/^Describe the current connection: /),
    });
    for (const resource of all) expect(resource.description.length, resource.uri).toBeLessThanOrEqual(200);
  });

  it("refuses a cursor it did not issue with -32602", async () => {
    for (const cursor of [
      "not-a-cursor",
      encodeCursor({ source: "tool_docs", cursor: encodeCursor({ after: "no_such_tool" }) }),
      encodeCursor({ source: "connector_config", cursor: "x" }),
    ]) {
      const reply = await rpc(token, session, "resources/list", { cursor });
      expect(reply.error?.code, cursor).toBe(-32602);
      expect(reply.error.message).toContain("Invalid cursor");
    }
  });
});

/** A registry with `count` trivial tools plus the connector itself, as src/toolkits/index.ts builds it. */
function registryWith(count: number, pageSize: number): Toolkit[] {
  const demo = defineToolkit({
    name: "demo",
    title: "Demo",
    scopes: { "demo:read": "Read demo data" },
    tools: Array.from({ length: count }, (_, index) =>
      defineTool({
        name: `demo_tool_${index + 1}`,
        title: `Demo tool ${index + 1}`,
        description: "Returns nothing; exists to fill a page.",
        scope: "demo:read",
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        input: z.object({}),
        handler: () => ({ text: "" }),
      }),
    ),
  });
  const registry: Toolkit[] = [];
  registry.push(demo, connectorToolkit({ registry: () => registry, deployment: deploymentDescription, pageSize }));
  return registry;
}

/** The real McpServer with the real registration code, driven by the SDK's own client over an in-memory link. */
async function connect(registry: Toolkit[]): Promise<Client> {
  const server = new McpServer({ name: "pagination-test", version: "0" });
  const props: SessionProps = {
    userId: "test",
    displayName: "Test",
    identity: "test",
    clientId: "c",
    clientName: "Test",
    scopes: ["demo:read"],
  } as SessionProps;
  const session = memorySessionStore();
  const context = (extra: { signal: AbortSignal }): ToolContext => ({
    props,
    session,
    ...memoryUserContext(),
    env,
    config: readConfig(env),
    signal: extra.signal,
    progress: async () => {},
    log: async () => {},
  });
  registerToolkits(server, catalogOf(registry), context);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "pagination-test", version: "0" });
  await client.connect(clientSide);
  return client;
}

async function pageUris(client: Client): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listResources(cursor ? { cursor } : {});
    pages.push(page.resources.map((resource) => resource.uri));
    cursor = page.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

describe("resources/list with a small page size", () => {
  it("splits each template at exactly the page size; a template's last page is topped up from the next", async () => {
    const pages = await pageUris(await connect(registryWith(7, 3)));
    const docs = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => `docs://tools/demo_tool_${from + i}`);
    expect(pages).toEqual([
      ["config://connector/server", "config://connector/auth", "config://connector/limits"],
      ["config://connector/toolkits", "config://connector/scopes", ...docs(1, 3)],
      docs(4, 6),
      docs(7, 7),
    ]);
  });

  it("ends on a full page without an empty page after it", async () => {
    const pages = await pageUris(await connect(registryWith(6, 3)));
    expect(pages.at(-1)).toEqual(["docs://tools/demo_tool_4", "docs://tools/demo_tool_5", "docs://tools/demo_tool_6"]);
    expect(pages).toHaveLength(3);
  });

  it("finishes one template and starts the next within a page (page size 1)", async () => {
    const pages = await pageUris(await connect(registryWith(2, 1)));
    expect(pages).toEqual([
      ["config://connector/server"],
      ["config://connector/auth"],
      ["config://connector/limits"],
      ["config://connector/toolkits"],
      ["config://connector/scopes", "docs://tools/demo_tool_1"],
      ["docs://tools/demo_tool_2"],
    ]);
  });

  it("reads docs and config from the registry it was given, at call time", async () => {
    const registry = registryWith(2, 3);
    const client = await connect(registry);
    const docs = await client.readResource({ uri: "docs://tools/demo_tool_2" });
    expect((docs.contents[0] as { text: string }).text).toContain("# Demo tool 2 (`demo_tool_2`)");
    const config = await client.readResource({ uri: "config://connector/toolkits" });
    expect(
      JSON.parse((config.contents[0] as { text: string }).text).toolkits.map(
        (toolkit: { name: string }) => toolkit.name,
      ),
    ).toEqual(["demo", "connector"]);
  });
});

describe("pageOfKeys", () => {
  const keys = ["a", "b", "c", "d"];
  const after = (key: string) => encodeCursor({ after: key });

  it("pages by the last key handed out", () => {
    expect(pageOfKeys(keys, undefined, 2)).toEqual({ keys: ["a", "b"], nextCursor: after("b") });
    expect(pageOfKeys(keys, after("b"), 2)).toEqual({ keys: ["c", "d"] });
    expect(pageOfKeys(keys, after("a"), 2)).toEqual({ keys: ["b", "c"], nextCursor: after("c") });
    expect(pageOfKeys(keys, undefined, 4)).toEqual({ keys });
    expect(pageOfKeys([], undefined, 4)).toEqual({ keys: [] });
  });

  it("refuses cursors for keys that are not there, or that are not its own", () => {
    for (const cursor of [after("z"), "", "!!", encodeCursor({ offset: 2 }), encodeCursor("b")]) {
      expect(() => pageOfKeys(keys, cursor, 2), cursor).toThrow(/Invalid cursor/);
    }
  });
});
