import { beforeAll, describe, expect, it } from "vitest";
import { type SseStream, sessionsOnBothTransports } from "../helpers/sse";
import { postMcp, rpcMessages } from "../helpers/worker";

/** Media types are case-insensitive and carry parameters (RFC 9110 §8.3.1, §12.5.1). */
let token: string;
let sessionId: string;
let legacy: SseStream;
beforeAll(async () => {
  ({ token, sessionId, legacy } = await sessionsOnBothTransports());
});

const ping = (id: number) => ({ jsonrpc: "2.0", id, method: "ping" });

describe("Content-Type", () => {
  it.each(["Application/JSON; charset=UTF-8", "APPLICATION/JSON", "application/json;charset=utf-8"])(
    "%s is JSON on /mcp and /sse/message",
    async (contentType) => {
      const response = await postMcp(token, ping(1), { "Mcp-Session-Id": sessionId, "Content-Type": contentType });
      expect(response.status).toBe(200);
      expect(await rpcMessages(response)).toEqual([{ jsonrpc: "2.0", id: 1, result: {} }]);
      expect((await legacy.post(ping(2), { "Content-Type": contentType })).status).toBe(202);
      await legacy.readUntil('"id":2');
    },
  );

  it.each(["application/jsonx", "text/plain; note=application/json", "application/json-seq"])(
    "%s is refused with 415 JSON",
    async (contentType) => {
      const response = await postMcp(token, ping(3), { "Mcp-Session-Id": sessionId, "Content-Type": contentType });
      expect(response.status).toBe(415);
      expect(response.headers.get("Content-Type")).toContain("application/json");
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain("application/json");
    },
  );
});

describe("Accept on POST /mcp", () => {
  it.each([
    "Application/JSON, Text/Event-Stream",
    "*/*",
    "application/*, text/*",
    "text/event-stream;q=0.5, application/json;q=0.9",
  ])("%s is served", async (accept) => {
    const response = await postMcp(token, ping(4), { "Mcp-Session-Id": sessionId, Accept: accept });
    expect(response.status).toBe(200);
    expect(await rpcMessages(response)).toEqual([{ jsonrpc: "2.0", id: 4, result: {} }]);
  });

  it.each(["application/json", "application/json, text/event-stream;q=0", "text/html"])(
    "%s is refused with 406 JSON",
    async (accept) => {
      const response = await postMcp(token, ping(5), { "Mcp-Session-Id": sessionId, Accept: accept });
      expect(response.status).toBe(406);
      expect(response.headers.get("Content-Type")).toContain("application/json");
      expect(await response.json()).toMatchObject({ id: 5, error: { code: -32000 } });
    },
  );
});
