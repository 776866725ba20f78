import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { hmacSha256Hex } from "../../src/notify/crypto";
import type { OutboxResult } from "../../src/notify/types";
import { allowLoopback, deliveryRow, newBox, outbox, received, receiverOrigin, runAttempts, script } from "./helpers";

function value<T>(result: OutboxResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.value;
}

beforeEach(() => allowLoopback(true));

describe("payloads per service (real requests to a loopback receiver)", () => {
  it("publishes to ntfy as JSON at the server root, with the topic and ntfy's priority", async () => {
    const stub = outbox();
    const box = newBox();
    value(await stub.addChannel({ service: "ntfy", url: `${receiverOrigin()}/${box}`, name: "phone" }));
    const { delivery } = value(await stub.send({ message: "Build 42 passed", title: "CI", priority: "high" }));
    const row = await runAttempts(stub, delivery.id, 1);
    expect(row.state).toBe("delivered");

    const [request, ...rest] = await received(box);
    expect(rest).toEqual([]);
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual({
      topic: box,
      message: "Build 42 passed",
      title: "CI",
      priority: 4,
    });
  });

  it("maps every priority onto ntfy's 1–5 scale", async () => {
    const stub = outbox();
    const box = newBox();
    value(await stub.addChannel({ service: "ntfy", url: `${receiverOrigin()}/${box}` }));
    for (const priority of ["low", "normal", "high", "urgent"] as const) {
      const { delivery } = value(await stub.send({ message: `p-${priority}`, priority }));
      await runAttempts(stub, delivery.id, 1);
    }
    const sent = (await received(box)).map((r) => JSON.parse(r.body) as { message: string; priority: number });
    expect(Object.fromEntries(sent.map((s) => [s.message, s.priority]))).toEqual({
      "p-low": 2,
      "p-normal": 3,
      "p-high": 4,
      "p-urgent": 5,
    });
  });

  it("sends Slack {text, blocks}, with @here only when urgent", async () => {
    const stub = outbox();
    const box = newBox();
    value(await stub.addChannel({ service: "slack", url: `${receiverOrigin()}/${box}/services/T0001/B0001/abcd1234` }));
    const urgent = value(
      await stub.send({ message: "Disk *full* on db-1", title: "Outage", priority: "urgent" }),
    ).delivery;
    await runAttempts(stub, urgent.id, 1);
    const plain = value(await stub.send({ message: "Nightly report ready", priority: "normal" })).delivery;
    await runAttempts(stub, plain.id, 1);

    const [first, second] = (await received(box)).map((r) => ({ path: r.path, body: JSON.parse(r.body) }));
    expect(first).toEqual({
      path: `/${box}/services/T0001/B0001/abcd1234`,
      body: {
        text: "<!here> :rotating_light: Outage: Disk *full* on db-1",
        blocks: [
          { type: "header", text: { type: "plain_text", text: "Outage", emoji: true } },
          { type: "section", text: { type: "mrkdwn", text: "<!here> :rotating_light: Disk *full* on db-1" } },
        ],
      },
    });
    expect(second?.body).toEqual({
      text: "Nightly report ready",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "Nightly report ready" } }],
    });
  });

  it("sends Discord {content} with wait=true, silent when low, pinging only when urgent", async () => {
    const stub = outbox();
    const box = newBox();
    value(await stub.addChannel({ service: "discord", url: `${receiverOrigin()}/${box}/api/webhooks/123/tok-en` }));
    for (const [message, priority] of [
      ["quiet", "low"],
      ["loud", "urgent"],
    ] as const) {
      const { delivery } = value(await stub.send({ message, title: "Deploy", priority }));
      await runAttempts(stub, delivery.id, 1);
    }
    const requests = await received(box);
    expect(requests.map((r) => `${r.path}${r.query}`)).toEqual([
      `/${box}/api/webhooks/123/tok-en?wait=true`,
      `/${box}/api/webhooks/123/tok-en?wait=true`,
    ]);
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({
      content: "**Deploy**\nquiet",
      allowed_mentions: { parse: [] },
      flags: 4096,
    });
    expect(JSON.parse(requests[1]?.body ?? "")).toEqual({
      content: "@here **Deploy**\nloud",
      allowed_mentions: { parse: ["everyone"] },
    });
  });

  it("signs generic webhooks: X-Outpost-Signature = sha256=HMAC(secret, timestamp.body)", async () => {
    const stub = outbox();
    const box = newBox();
    const secret = "s3cret-signing-key-for-tests";
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${box}/hook`, secret }));
    const { delivery } = value(await stub.send({ message: "Invoice paid", title: "Billing", priority: "normal" }));
    await runAttempts(stub, delivery.id, 1);

    const [request] = await received(box);
    const headers = request?.headers ?? {};
    const timestamp = headers["x-outpost-timestamp"] ?? "";
    expect(timestamp).toMatch(/^\d{10}$/);
    expect(headers["x-outpost-delivery"]).toBe(delivery.id);
    expect(headers["x-outpost-signature"]).toBe(
      `sha256=${await hmacSha256Hex(secret, `${timestamp}.${request?.body}`)}`,
    );
    expect(headers["x-outpost-signature"]).not.toBe(
      `sha256=${await hmacSha256Hex("another-secret-entirely", `${timestamp}.${request?.body}`)}`,
    );
    expect(JSON.parse(request?.body ?? "")).toEqual({
      id: delivery.id,
      type: "notification",
      title: "Billing",
      message: "Invoice paid",
      priority: "normal",
      createdAt: delivery.createdAt,
    });
  });

  it("sends no signature header for an unsigned webhook", async () => {
    const stub = outbox();
    const box = newBox();
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${box}` }));
    const { delivery } = value(await stub.send({ message: "hi", priority: "normal" }));
    await runAttempts(stub, delivery.id, 1);
    const [request] = await received(box);
    expect(request?.headers["x-outpost-signature"]).toBeUndefined();
    expect(request?.headers["x-outpost-timestamp"]).toMatch(/^\d+$/);
  });
});

describe("retries", () => {
  async function webhook(answers: Parameters<typeof script>[1] | ((box: string) => Parameters<typeof script>[1])) {
    const stub = outbox();
    const box = newBox();
    await script(box, typeof answers === "function" ? answers(box) : answers);
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${box}` }));
    const { delivery } = value(await stub.send({ message: "retry me", priority: "normal" }));
    return { stub, box, id: delivery.id };
  }

  it("retries after 500s and delivers the same payload on the third attempt", async () => {
    const { stub, box, id } = await webhook([{ status: 500 }, { status: 503 }]);
    const afterFirst = await runAttempts(stub, id, 1);
    expect(afterFirst).toMatchObject({ state: "pending", attempts: 1 });
    const pending = value(await stub.status(id));
    expect(pending.reason).toContain("500");
    expect(Date.parse(pending.nextAttemptAt ?? "")).toBeGreaterThan(Date.parse(pending.createdAt));

    const done = await runAttempts(stub, id, 3);
    expect(done).toMatchObject({ state: "delivered", attempts: 3 });
    const requests = await received(box);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    expect(new Set(requests.map((r) => r.headers["x-outpost-delivery"]))).toEqual(new Set([id]));
    expect(value(await stub.status(id))).toMatchObject({
      state: "delivered",
      attempts: 3,
      lastStatus: 200,
      reason: null,
      nextAttemptAt: null,
    });
  });

  it("when the alarm fires by itself, delivers and re-arms for the retry", async () => {
    const { stub, id } = await webhook([{ status: 500 }]);
    // No test helper runs the alarm here: send() armed it for now, and the runtime fires it.
    let row = await deliveryRow(stub, id);
    for (let i = 0; i < 500 && !(row.attempts === 1 && row.leased_until === null); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      row = await deliveryRow(stub, id);
    }
    expect(row).toMatchObject({ state: "pending", attempts: 1, leased_until: null });
    const alarm = await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
    expect(alarm).toBe(row.next_attempt_at);
  });

  it("gives up after five attempts with the last reason", async () => {
    const { stub, box, id } = await webhook(Array.from({ length: 6 }, () => ({ status: 502 })));
    const row = await runAttempts(stub, id, 5);
    expect(row).toMatchObject({ state: "failed", attempts: 5 });
    expect(value(await stub.status(id)).reason).toBe(
      "Gave up after 5 attempts. Last: The service answered 502 (bad gateway).",
    );
    expect(await received(box)).toHaveLength(5);
  });

  it("does not retry a 4xx other than 408 and 429, and says why", async () => {
    const { stub, box, id } = await webhook([{ status: 404 }]);
    const row = await runAttempts(stub, id, 1);
    expect(row).toMatchObject({ state: "failed", attempts: 1 });
    const status = value(await stub.status(id));
    expect(status.lastStatus).toBe(404);
    expect(status.reason).toContain("retrying would not help");
    expect(status.reason).toContain("webhook may have been deleted");
    expect(await received(box)).toHaveLength(1);
  });

  it("waits at least as long as a 429's Retry-After", async () => {
    const { stub, id } = await webhook([{ status: 429, headers: { "Retry-After": "120" } }]);
    const row = await runAttempts(stub, id, 1);
    expect(row.state).toBe("pending");
    expect((row.next_attempt_at ?? 0) - row.created_at).toBeGreaterThanOrEqual(120_000);
    expect(await runAttempts(stub, id, 2)).toMatchObject({ state: "delivered", attempts: 2 });
  });

  it("retries 408 and network errors", async () => {
    const { stub, id } = await webhook([{ status: 408 }]);
    expect(await runAttempts(stub, id, 2)).toMatchObject({ state: "delivered", attempts: 2 });

    const unreachable = outbox();
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused.
    value(await unreachable.addChannel({ service: "webhook", url: "http://127.0.0.1:9/nothing" }));
    const { delivery } = value(await unreachable.send({ message: "x", priority: "normal" }));
    expect(await runAttempts(unreachable, delivery.id, 1)).toMatchObject({ state: "pending", attempts: 1 });
    expect(value(await unreachable.status(delivery.id))).toMatchObject({
      lastStatus: null,
      reason: "The service could not be reached (network error).",
    });
  });

  it("follows a redirect on the same origin but never to another host", async () => {
    const same = await webhook((box) => [{ status: 307, headers: { Location: `/${box}/moved` } }]);
    expect(await runAttempts(same.stub, same.id, 1)).toMatchObject({ state: "delivered", attempts: 1 });
    expect((await received(same.box)).map((r) => r.path)).toEqual([`/${same.box}`, `/${same.box}/moved`]);

    const other = await webhook([{ status: 302, headers: { Location: "https://example.com/steal" } }]);
    expect(await runAttempts(other.stub, other.id, 1)).toMatchObject({ state: "failed", attempts: 1 });
    expect(value(await other.stub.status(other.id)).reason).toContain("redirects to other hosts are not followed");
  });
});

describe("idempotency", () => {
  it("returns the first delivery for a repeated call and sends once", async () => {
    const stub = outbox();
    const box = newBox();
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${box}` }));
    const first = value(await stub.send({ message: "Standup in 5", priority: "normal" }));
    const again = value(await stub.send({ message: "Standup in 5", priority: "normal" }));
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, delivery: { id: first.delivery.id } });
    await runAttempts(stub, first.delivery.id, 1);
    expect(await received(box)).toHaveLength(1);

    // Anything different is a different notification.
    const otherPriority = value(await stub.send({ message: "Standup in 5", priority: "high" }));
    expect(otherPriority.duplicate).toBe(false);
  });

  it("honours an explicit idempotency key, even when the text differs, and lets distinct keys through", async () => {
    const stub = outbox();
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${newBox()}` }));
    const first = value(await stub.send({ message: "a", priority: "normal", idempotencyKey: "order-17" }));
    const retried = value(await stub.send({ message: "a (edited)", priority: "normal", idempotencyKey: "order-17" }));
    expect(retried).toMatchObject({ duplicate: true, delivery: { id: first.delivery.id } });
    const twice = [
      value(await stub.send({ message: "same", priority: "normal", idempotencyKey: "k1" })),
      value(await stub.send({ message: "same", priority: "normal", idempotencyKey: "k2" })),
    ];
    expect(twice.map((t) => t.duplicate)).toEqual([false, false]);
    expect(twice[0]?.delivery.id).not.toBe(twice[1]?.delivery.id);
  });

  it("enqueues once when the same call arrives twice at the same moment", async () => {
    const stub = outbox();
    const box = newBox();
    value(await stub.addChannel({ service: "webhook", url: `${receiverOrigin()}/${box}` }));
    const [a, b] = await Promise.all([
      stub.send({ message: "race", priority: "normal" }),
      stub.send({ message: "race", priority: "normal" }),
    ]);
    expect(value(a!).delivery.id).toBe(value(b!).delivery.id);
    expect([value(a!).duplicate, value(b!).duplicate].sort()).toEqual([false, true]);
    await runAttempts(stub, value(a!).delivery.id, 1);
    expect(await received(box)).toHaveLength(1);
  });
});

describe("channels at rest", () => {
  it("stores URLs and secrets encrypted and shows only a masked target", async () => {
    const stub = outbox();
    const box = newBox();
    const url = `${receiverOrigin()}/${box}/private-path-x7Qa`;
    const channel = value(await stub.addChannel({ service: "webhook", url, secret: "another-long-signing-secret" }));
    expect(channel.target).toBe(`127.0.0.1:${new URL(url).port}/…/x7Qa`);
    expect(JSON.stringify(await stub.listChannels())).not.toContain(box);

    const stored = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec("SELECT * FROM channels")
        .toArray()
        .map((row) =>
          Object.values(row)
            .map((v) => (v instanceof ArrayBuffer ? new TextDecoder().decode(v) : String(v)))
            .join("|"),
        ),
    );
    expect(stored.join("\n")).not.toContain(box);
    expect(stored.join("\n")).not.toContain("another-long-signing-secret");
  });
});
