/**
 * The workspace black-box: the real MCP SDK client against `wrangler dev`, signed in through the
 * consent page, over Streamable HTTP and legacy SSE. Uploads a file, creates and searches a note,
 * and reads the file back through files_get and resources/read. Both transports reach the same
 * per-user workspace, so the second one also finds what the first one wrote.
 */
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "./harness";
import { HeadlessOAuthProvider } from "./oauth";

type Kind = "streamable-http" | "sse";
type AuthTransport = Transport & { finishAuth(code: string): Promise<void> };

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.stop();
});

function transport(kind: Kind, provider: HeadlessOAuthProvider): AuthTransport {
  return kind === "streamable-http"
    ? new StreamableHTTPClientTransport(new URL("/mcp", server.url), { authProvider: provider })
    : new SSEClientTransport(new URL("/sse", server.url), { authProvider: provider });
}

async function connect(kind: Kind): Promise<Client> {
  const provider = new HeadlessOAuthProvider({
    passphrase: server.passphrase,
    clientName: `Outpost e2e workspace (${kind})`,
  });
  const first = transport(kind, provider);
  await expect(new Client({ name: "outpost-e2e", version: "1.0.0" }).connect(first)).rejects.toBeInstanceOf(
    UnauthorizedError,
  );
  await first.finishAuth(provider.takeCode());
  await first.close();
  const client = new Client({ name: "outpost-e2e", version: "1.0.0" });
  await client.connect(transport(kind, provider));
  return client;
}

/** A 2×1 RGBA PNG (red, blue). */
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAADUlEQVR4XmP4zwBG/wEP+QP9LrHfmAAAAABJRU5ErkJggg==";

describe.each(["streamable-http", "sse"] as const)("workspace over %s", (kind) => {
  let client: Client;

  beforeAll(async () => {
    client = await connect(kind);
  });

  afterAll(async () => {
    await client?.close();
  });

  it("uploads a file, creates and searches a note, and reads the file back two ways", async () => {
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toEqual(expect.arrayContaining(["notes_create", "notes_search", "files_upload", "files_get"]));

    const uploaded = await client.callTool({
      name: "files_upload",
      arguments: { name: `dot-${kind}.png`, content: PNG_BASE64, encoding: "base64" },
    });
    expect(uploaded.isError).toBeFalsy();
    const fileId = (uploaded.structuredContent as { id: string; contentType: string }).id;
    expect((uploaded.structuredContent as { contentType: string }).contentType).toBe("image/png");

    const word = kind === "sse" ? "saxophone" : "xylophone";
    const created = await client.callTool({
      name: "notes_create",
      arguments: { title: `Music via ${kind}`, body: `Practice the ${word} daily.`, tags: ["music"] },
    });
    expect(created.isError).toBeFalsy();
    const noteId = (created.structuredContent as { id: string }).id;

    const found = await client.callTool({ name: "notes_search", arguments: { query: word } });
    const hits = (found.structuredContent as { hits: { id: string; snippet: string }[] }).hits;
    expect(hits.map((hit) => hit.id)).toEqual([noteId]);
    expect(hits[0]?.snippet).toContain(`**${word}**`);

    const got = await client.callTool({ name: "files_get", arguments: { id: fileId } });
    const image = (got.content as { type: string; data?: string; mimeType?: string }[]).find(
      (block) => block.type === "image",
    );
    expect(image).toEqual({ type: "image", data: PNG_BASE64, mimeType: "image/png" });

    const read = await client.readResource({ uri: `file://${fileId}` });
    expect(read.contents[0]).toMatchObject({ uri: `file://${fileId}`, mimeType: "image/png", blob: PNG_BASE64 });
    const note = await client.readResource({ uri: `note://${noteId}` });
    expect(note.contents[0]).toMatchObject({
      mimeType: "text/markdown",
      text: expect.stringContaining(`Practice the ${word} daily.`),
    });
  });

  it("finds the owner's notes from every transport: one workspace per user", async () => {
    const found = await client.callTool({ name: "notes_search", arguments: { query: "tag:music" } });
    const titles = (found.structuredContent as { hits: { title: string }[] }).hits.map((hit) => hit.title);
    expect(titles).toContain(`Music via ${kind}`);
    if (kind === "sse") expect(titles).toContain("Music via streamable-http");
  });
});
