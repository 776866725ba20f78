import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_CHANNELS } from "../../src/notify/channels";
import { encryptionKey } from "../../src/notify/crypto";
import type { OutboxResult } from "../../src/notify/types";
import {
  allowLoopback,
  newBox,
  outbox,
  received,
  receiverOrigin,
  runAttempts,
  script,
  setRatePerHour,
} from "./helpers";

function value<T>(result: OutboxResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.value;
}
function error<T>(result: OutboxResult<T>): string {
  if (result.ok) throw new Error("expected a refusal");
  return result.error;
}

beforeEach(() => allowLoopback(true));
afterEach(() => setRatePerHour("30"));

describe("rate limit", () => {
  it("accepts the 30th notification in an hour and refuses the 31st, saying when it resets", async () => {
    const stub = outbox();
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${newBox()}` }));
    const first = value(await stub.send({ message: "n1", priority: "low" })).delivery;
    for (let n = 2; n <= 30; n++) {
      const result = await stub.send({ message: `n${n}`, priority: "low" });
      expect(result.ok, `notification ${n}`).toBe(true);
    }
    const refused = error(await stub.send({ message: "n31", priority: "low" }));
    const resetAt = new Date(Date.parse(first.createdAt) + 3_600_000).toISOString();
    expect(refused).toContain("at most 30 notifications (including channel tests) per hour");
    expect(refused).toContain(`The next one can be sent at ${resetAt}`);
    // A retried call of one already sent is not a new send: it still answers, rate limit or not.
    expect(value(await stub.send({ message: "n30", priority: "low" })).duplicate).toBe(true);
  });

  it("frees a slot when the oldest send leaves the rolling hour, and follows NOTIFY_RATE_PER_HOUR", async () => {
    setRatePerHour("3");
    const stub = outbox();
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${newBox()}` }));
    const sent: { id: string }[] = [];
    for (const message of ["a", "b", "c"]) sent.push(value(await stub.send({ message, priority: "normal" })).delivery);
    expect(error(await stub.send({ message: "d", priority: "normal" }))).toContain("at most 3 notifications");
    // Age the first send past the hour, as if an hour had gone by.
    await runInDurableObject(stub, (_o, state) => {
      state.storage.sql.exec("UPDATE deliveries SET created_at = created_at - 3600001 WHERE id = ?", sent[0]?.id ?? "");
    });
    expect((await stub.send({ message: "d", priority: "normal" })).ok).toBe(true);
    expect(error(await stub.send({ message: "e", priority: "normal" }))).toContain("at most 3");
  });

  it("counts channel tests toward the limit", async () => {
    setRatePerHour("2");
    const stub = outbox();
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${newBox()}`, name: "hook" }));
    expect(value(await stub.testChannel("hook")).state).toBe("delivered");
    value(await stub.send({ message: "one", priority: "normal" }));
    expect(error(await stub.testChannel("hook"))).toContain("at most 2 notifications");
  });
});

describe("channels", () => {
  it("tests a channel once, now, and reports the service's refusal", async () => {
    const stub = outbox();
    const box = newBox();
    await script(box, [{ status: 403 }]);
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${box}`, name: "Ops" }));
    const failed = value(await stub.testChannel("ops"));
    expect(failed).toMatchObject({ kind: "test", state: "failed", attempts: 1, maxAttempts: 1, lastStatus: 403 });
    expect(failed.reason).toContain("no longer authorized");
    const ok = value(await stub.testChannel("Ops"));
    expect(ok).toMatchObject({ state: "delivered", lastStatus: 200 });
    const requests = await received(box);
    expect(requests).toHaveLength(2);
    expect(JSON.parse(requests[1]?.body ?? "")).toMatchObject({ type: "test", title: "Outpost test" });
  });

  it("keeps one default, names channels, and fails undelivered notifications of a removed channel", async () => {
    const stub = outbox();
    const a = value(await stub.addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}` }));
    const b = value(await stub.addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}` }));
    expect([a.name, a.isDefault, b.name, b.isDefault]).toEqual(["ntfy", true, "ntfy-2", false]);
    expect(
      error(await stub.addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "NTFY" })),
    ).toContain('named "NTFY" exists');

    const box = newBox();
    await script(box, [{ status: 500 }]);
    const c = value(
      await stub.addChannel({
        service: "webhook",
        url: `${receiverOrigin()}/${box}`,
        name: "pager",
        makeDefault: true,
      }),
    );
    expect((await stub.listChannels()).filter((ch) => ch.isDefault).map((ch) => ch.name)).toEqual(["pager"]);
    const { delivery } = value(await stub.send({ message: "to the default", priority: "normal" }));
    expect(delivery.channel).toBe("pager");
    await runAttempts(stub, delivery.id, 1);

    const removed = value(await stub.removeChannel(c.id));
    expect(removed).toMatchObject({ cancelled: 1, newDefault: "ntfy" });
    expect(value(await stub.status(delivery.id))).toMatchObject({
      state: "failed",
      reason: "The channel was removed before the notification could be delivered.",
    });
    expect(error(await stub.removeChannel("pager"))).toContain('No channel is named or has the id "pager"');
  });

  it(`allows at most ${MAX_CHANNELS} channels`, async () => {
    const stub = outbox();
    for (let i = 0; i < MAX_CHANNELS; i++)
      value(await stub.addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}` }));
    expect(error(await stub.addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}` }))).toContain(
      `already ${MAX_CHANNELS} channels`,
    );
  });

  it("refuses a secret for services that carry their own credentials", async () => {
    const stub = outbox();
    expect(
      error(
        await stub.addChannel({
          service: "slack",
          url: "https://hooks.slack.com/services/T1/B1/abcdefgh",
          secret: "sixteen-chars-secret",
        }),
      ),
    ).toContain("only to generic webhooks");
  });

  it("explains that nothing can be sent before a channel exists", async () => {
    expect(error(await outbox().send({ message: "x", priority: "normal" }))).toContain("notify_channel_add");
  });
});

describe("the development switch", () => {
  it("refuses loopback channels in production, and re-checks at delivery time", async () => {
    allowLoopback(false);
    const stub = outbox();
    expect(error(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${newBox()}` }))).toContain(
      "Loopback addresses",
    );

    allowLoopback(true);
    const box = newBox();
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${box}` }));
    const { delivery } = value(await stub.send({ message: "after the switch is off", priority: "normal" }));
    allowLoopback(false);
    expect(await runAttempts(stub, delivery.id, 1)).toMatchObject({ state: "failed" });
    expect(value(await stub.status(delivery.id)).reason).toContain("Loopback addresses");
    expect(await received(box)).toHaveLength(0);
  });
});

describe("the encryption key", () => {
  it("is imported once per isolate and reused", async () => {
    const raw = env.NOTIFY_ENCRYPTION_KEY;
    expect(encryptionKey(raw)).toBeDefined();
    expect(encryptionKey(raw)).toBe(encryptionKey(raw));
  });

  it("refuses missing or malformed keys with a message for the operator", async () => {
    expect(encryptionKey(undefined)).toBeUndefined();
    expect(encryptionKey("c2hvcnQ=")).toBeUndefined();
    const vars = env as unknown as Record<string, string | undefined>;
    const saved = vars.NOTIFY_ENCRYPTION_KEY;
    vars.NOTIFY_ENCRYPTION_KEY = "";
    try {
      expect(error(await outbox().addChannel({ service: "ntfy", url: "https://ntfy.sh/topic" }))).toContain(
        "NOTIFY_ENCRYPTION_KEY",
      );
    } finally {
      vars.NOTIFY_ENCRYPTION_KEY = saved;
    }
  });
});
