/**
 * Notifications and cancellation on the 2026-07-28 leg: progress through the request's progress
 * token, log messages only when the request's `_meta` names a level, and a closed request stream
 * aborting the tool's signal (MCP 2026-07-28: closing the stream cancels the request).
 */

import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { modernRequest } from "../../helpers/modern";
import { MCP_HEADERS, ORIGIN, rpcMessages, signIn } from "../../helpers/worker";
import { FORECAST_HOST, hang, interceptOpenMeteo, recorded, useOpenMeteo } from "../../toolkits/weather/upstream";

let token: string;
beforeAll(async () => {
  token = (await signIn({ requestScope: "weather:read", scopes: ["weather:read"] })).tokens.access_token;
});

function post(
  method: string,
  params: Record<string, unknown>,
  meta: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Response> {
  const { body, headers } = modernRequest(method, params, { meta });
  return exports.default.fetch(
    new Request(new URL("/mcp", ORIGIN), {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
      signal,
    }),
  );
}

describe("progress and logging", () => {
  useOpenMeteo();

  it("streams progress for the request's token, and log messages at and above the requested level", async () => {
    const response = await post(
      "tools/call",
      { name: "weather_compare", arguments: { places: ["Lisbon", "Oslo", "Xqzzyville"] } },
      { progressToken: "p-1", "io.modelcontextprotocol/logLevel": "warning" },
    );
    expect(response.headers.get("Content-Type")).toContain("text/event-stream");
    const messages = await rpcMessages(response);
    const progress = messages
      .filter((message) => message.method === "notifications/progress")
      .map((message) => message.params);
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3]);
    expect(progress.every((p) => p.progressToken === "p-1" && p.total === 3)).toBe(true);
    const logs = messages
      .filter((message) => message.method === "notifications/message")
      .map((message) => message.params);
    expect(logs.map((log) => log.level)).toEqual(["warning"]);
    const result = messages.at(-1) as Record<string, any>;
    expect(result.result.resultType).toBe("complete");
    expect(result.result.structuredContent.failed).toBe(1);
  });

  it("sends no log message when the request names no level", async () => {
    const response = await post(
      "tools/call",
      { name: "weather_compare", arguments: { places: ["Lisbon", "Xqzzyville"] } },
      {},
    );
    const messages = await rpcMessages(response);
    expect(messages.filter((message) => message.method === "notifications/message")).toEqual([]);
    expect(messages.filter((message) => message.method === "notifications/progress")).toEqual([]);
  });
});

describe("cancellation", () => {
  it("aborts the tool's signal when the client closes the request", async () => {
    // Plain flags, polled from the test: the worker's handlers run in another request context.
    const seen = { reached: false, aborted: false };
    const interception = interceptOpenMeteo((url, init) => {
      if (url.hostname !== FORECAST_HOST) return recorded(url, init);
      seen.reached = true;
      init?.signal?.addEventListener("abort", () => void (seen.aborted = true), { once: true });
      return hang(init);
    });
    try {
      const client = new AbortController();
      // Nobody reads the answer: the client is gone, as a closed stream leaves it.
      void post("tools/call", { name: "weather_current", arguments: { place: "Lisbon" } }, {}, client.signal).catch(
        () => undefined,
      );
      await vi.waitFor(() => expect(seen.reached).toBe(true), { timeout: 5_000 });
      expect(seen.aborted).toBe(false);
      client.abort(new Error("client went away"));
      await vi.waitFor(() => expect(seen.aborted).toBe(true), { timeout: 2_000 });
    } finally {
      interception.restore();
    }
  });
});
