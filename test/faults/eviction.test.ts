/**
 * Durable Objects are evicted whenever the runtime likes (a deploy, memory pressure, idleness), and
 * a restart can abort them outright. A tool call caught in the middle must either complete or fail
 * with a clear error, never hang or answer 5xx, and the next call must work: in the session object
 * (2025 era) and in the user's Workspace object (both eras).
 */
import { abortAllDurableObjects, evictAllDurableObjects } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { modernTool } from "../helpers/modern";
import { callTool, openSession, signIn, textOf } from "../helpers/worker";
import { clearWeatherCache, type Interception, interceptOpenMeteo, recorded } from "../toolkits/weather/upstream";

let token: string;
let upstream: Interception | undefined;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token;
});
afterEach(async () => {
  upstream?.restore();
  await clearWeatherCache(upstream?.calls ?? []);
  upstream = undefined;
});

/** Settle within `ms` or fail the test: the point is that nothing hangs. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)),
  ]);
}

/** A completed call, or a failure that says what happened: a JSON-RPC error or an isError result with a message. */
function expectCompletedOrClear(reply: Record<string, any>): void {
  if (reply.error) {
    expect(reply.error.message).toMatch(/\w{3,}/);
    return;
  }
  expect(Array.isArray(reply.result?.content)).toBe(true);
  if (reply.result.isError) expect(textOf(reply)).toMatch(/\w{3,}/);
}

/**
 * Open-Meteo that holds each forecast for `holdMs`, so a call can be caught mid-way. The hold is a
 * timer in the caller's own context, and the test watches the call list instead of awaiting a
 * promise the object resolves: a promise shared across an evicted object's context is not a thing
 * a real upstream can do, and workerd's test runtime aborts on it.
 */
function heldForecast(holdMs: number) {
  upstream = interceptOpenMeteo(async (url, init) => {
    if (url.hostname.startsWith("api.")) await new Promise((resolve) => setTimeout(resolve, holdMs));
    return recorded(url, init);
  });
  const calls = upstream.calls;
  return {
    arrived: async () => {
      for (let waited = 0; !calls.some((url) => url.hostname.startsWith("api.")); waited += 20) {
        if (waited > 10_000) throw new Error("the forecast request never arrived");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

describe("eviction in the middle of a tool call", () => {
  it("a session's call completes or fails clearly when its object is evicted, and the session goes on", async () => {
    const session = await openSession(token);
    await callTool(token, session, "session_remember", { key: "before", value: "kept across eviction" });
    const held = heldForecast(1_000);
    const call = callTool(token, session, "weather_current", { place: "Lisbon" });
    await held.arrived();
    const eviction = evictAllDurableObjects();
    expectCompletedOrClear(await within(15_000, call));
    await within(15_000, eviction);

    const after = await within(15_000, callTool(token, session, "session_recall", { key: "before" }));
    expect(after.result.isError).toBeFalsy();
    expect(textOf(after)).toContain("kept across eviction");
  });

  it("a session's call caught by an abort (a restart, not a graceful eviction) ends clearly, and the next call works", async () => {
    const session = await openSession(token);
    const held = heldForecast(1_000);
    const call = callTool(token, session, "weather_current", { place: "Lisbon" }).catch((error: Error) => ({
      error: { message: error.message },
    }));
    await held.arrived();
    await abortAllDurableObjects();
    expectCompletedOrClear(await within(15_000, call));

    const next = await within(15_000, callTool(token, session, "calculate", { expression: "6 * 7" }));
    expect(textOf(next)).toContain("42");
  });

  it("workspace writes racing an eviction: each is acknowledged or fails clearly, and every acknowledged note is there", async () => {
    const writes = Array.from({ length: 12 }, (_, i) =>
      modernTool(token, "notes_create", { title: `evicted-${i}`, body: `body ${i} `.repeat(50) }),
    );
    const eviction = evictAllDurableObjects();
    const replies = await within(20_000, Promise.all(writes));
    await within(15_000, eviction);
    for (const reply of replies) expectCompletedOrClear(reply);
    const acknowledged = replies
      .filter((reply) => reply.result && !reply.result.isError)
      .map((reply) => reply.result.structuredContent.id as string);

    for (const [i, id] of acknowledged.entries()) {
      const note = await within(15_000, modernTool(token, "notes_get", { id }));
      expect(note.result.isError, textOf(note)).toBeFalsy();
      expect(note.result.structuredContent.body).toMatch(/^body \d+ /);
      expect(note.result.structuredContent.chars, `note ${i}`).toBe(note.result.structuredContent.body.length);
    }
    const next = await within(
      15_000,
      modernTool(token, "notes_create", { title: "after eviction", body: "still works" }),
    );
    expect(next.result.isError, textOf(next)).toBeFalsy();
  });
});
