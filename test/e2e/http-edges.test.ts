/**
 * What only a real server shows: how oversized bodies end on a real connection, and what happens
 * when a client really goes away from a legacy SSE stream (the edge of `wrangler dev`, not an
 * in-process call).
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "./harness";
import { signIn } from "./oauth";

const MAX_REQUEST_BYTES = 1_048_576; // wrangler.toml default

let server: DevServer;
let token: string;

beforeAll(async () => {
  server = await startDevServer();
  token = (await signIn(server.url, { passphrase: server.passphrase })).tokens.access_token;
});

afterAll(async () => {
  await server?.stop();
});

interface RawReply {
  status: number;
  contentType: string;
  body: string;
}

/**
 * POST with node:http so the test controls framing: `chunks` are written one by one (chunked
 * transfer encoding unless a Content-Length header is given). A connection reset is an error.
 */
function rawPost(path: string, headers: Record<string, string>, chunks: Buffer[]): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server.url);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, ...headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    (async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return;
        if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
      }
      req.end();
    })().catch(reject);
  });
}

const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

/** Far past the limit: small oversized bodies fit in socket buffers and hide a reset. */
const OVERSIZED_BYTES = 20 * MAX_REQUEST_BYTES;

function oversized(): Buffer[] {
  const head = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"');
  const tail = Buffer.from('"}}');
  const pad = Buffer.alloc(64 * 1024, "x");
  return [head, ...Array.from({ length: Math.ceil(OVERSIZED_BYTES / pad.length) }, () => pad), tail];
}

function expectTooLarge(reply: RawReply): void {
  expect(reply.status, reply.body).toBe(413);
  expect(reply.contentType).toContain("application/json");
  expect(JSON.parse(reply.body)).toMatchObject({ error: "payload_too_large" });
}

describe("oversized bodies get a 413 JSON answer, not a reset connection", () => {
  it("a chunked body with no Content-Length", async () => {
    expectTooLarge(await rawPost("/mcp", JSON_HEADERS, oversized()));
  });

  it("a body that declares its true, oversized length", async () => {
    const chunks = oversized();
    const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    expectTooLarge(await rawPost("/mcp", { ...JSON_HEADERS, "Content-Length": String(length) }, chunks));
  });

  it("the same on the legacy message endpoint", async () => {
    expectTooLarge(await rawPost(`/sse/message?sessionId=${"a".repeat(64)}`, JSON_HEADERS, oversized()));
  });
});

describe("legacy SSE when the client has really gone", () => {
  it("refuses a message for a stream the client closed with 404 and a reconnect hint", async () => {
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/sse`, {
      headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let text = "";
    while (!text.includes("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
    const endpoint = /event: endpoint\ndata: (\S+)/.exec(text)?.[1] ?? "";
    const post = (body: unknown) =>
      fetch(new URL(endpoint, server.url), {
        method: "POST",
        headers: { ...JSON_HEADERS, Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const initialize = {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "outpost-e2e", version: "1.0.0" },
      },
    };
    expect((await post(initialize)).status).toBe(202);
    while (!text.includes('"serverInfo"')) text += new TextDecoder().decode((await reader.read()).value);

    controller.abort();
    let refused: Response | undefined;
    for (let attempt = 0; attempt < 20 && refused?.status !== 404; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      refused = await post({ jsonrpc: "2.0", id: 7, method: "ping" });
    }
    expect(refused?.status).toBe(404);
    expect(refused?.headers.get("Content-Type")).toContain("application/json");
    const body = (await refused?.json()) as { id: unknown; error: { code: number; message: string } };
    expect(body).toMatchObject({ id: 7, error: { code: -32001 } });
    expect(body.error.message).toContain("GET /sse");
  });
});
