import { beforeEach, describe, expect, it } from "vitest";
import { attemptDelivery, parseRetryAfter } from "../../src/notify/attempt";
import { BASE_DELAY_MS, MAX_ATTEMPTS, MAX_DELAY_MS, nextRetryDelay } from "../../src/notify/backoff";
import { newBox, received, receiverOrigin, script } from "./helpers";

const never = () => undefined;

describe("one attempt", () => {
  let box: string;
  beforeEach(() => {
    box = newBox();
  });

  it("gives up on a service that does not answer within the timeout, as a retryable failure", async () => {
    await script(box, [{ status: 200, delayMs: 2_000 }]);
    const outcome = await attemptDelivery(
      { url: `${receiverOrigin()}/${box}`, headers: {}, body: "{}" },
      { timeoutMs: 200, checkRedirect: never },
    );
    expect(outcome).toEqual({ kind: "retry", status: null, reason: "No answer within 0.2 seconds." });
    expect(await received(box)).toHaveLength(1);
  });

  it("stops after three same-origin redirects", async () => {
    const hop = { status: 308, headers: { Location: `/${box}/again` } };
    await script(box, [hop, hop, hop, hop]);
    const outcome = await attemptDelivery(
      { url: `${receiverOrigin()}/${box}`, headers: {}, body: "{}" },
      { timeoutMs: 5_000, checkRedirect: never },
    );
    expect(outcome).toMatchObject({ kind: "failed", status: 308, reason: "More than 3 redirects." });
    expect(await received(box)).toHaveLength(4);
  });

  it("lets the URL guard refuse a redirect target", async () => {
    await script(box, [{ status: 307, headers: { Location: `/${box}/elsewhere` } }]);
    const outcome = await attemptDelivery(
      { url: `${receiverOrigin()}/${box}`, headers: {}, body: "{}" },
      { timeoutMs: 5_000, checkRedirect: () => "not on the allowed host" },
    );
    expect(outcome).toMatchObject({ kind: "failed", reason: "not on the allowed host" });
    expect(await received(box)).toHaveLength(1);
  });
});

describe("backoff", () => {
  it("doubles from 10 s with at most ±20 % jitter and stops after the last attempt", () => {
    expect([1, 2, 3, 4].map((n) => nextRetryDelay(n, undefined, () => 0.5))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(nextRetryDelay(1, undefined, () => 0)).toBe(BASE_DELAY_MS * 0.8);
    expect(nextRetryDelay(1, undefined, () => 1)).toBe(BASE_DELAY_MS * 1.2);
    expect(nextRetryDelay(MAX_ATTEMPTS, undefined)).toBeUndefined();
  });

  it("waits for Retry-After when longer, and gives up when it exceeds an hour", () => {
    expect(nextRetryDelay(1, 90_000, () => 0.5)).toBe(90_000);
    expect(nextRetryDelay(1, 1_000, () => 0.5)).toBe(10_000);
    expect(nextRetryDelay(1, MAX_DELAY_MS, () => 0.5)).toBe(MAX_DELAY_MS);
    expect(nextRetryDelay(1, MAX_DELAY_MS + 1, () => 0.5)).toBeUndefined();
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-20T10:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Fri, 20 Nov 2026 10:05:00 GMT", now)).toBe(300_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
