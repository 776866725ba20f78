import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { resultTokens } from "../../../src/mcp/output-cap";
import { notifyHistory } from "../../../src/toolkits/notify/history";
import { allowLoopback, newBox, outbox, receiverOrigin } from "../../notify/helpers";
import { call, textOf, toolContext } from "../tool-context";

beforeEach(() => allowLoopback(true));

/** A user with `count` notifications (left pending: history lists them all the same), newest last. */
async function userWithHistory(count: number): Promise<{ userId: string; ids: string[] }> {
  const userId = `history-${crypto.randomUUID()}`;
  const box = outbox(userId);
  const added = await box.addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "phone" });
  expect(added.ok).toBe(true);
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const sent = await box.send({
      message: `通知メッセージ ${index} ${"語".repeat(180)}`,
      title: `件名 ${"題".repeat(90)}`,
      priority: "normal",
    });
    if (!sent.ok) throw new Error(sent.error);
    ids.push(sent.value.delivery.id);
  }
  return { userId, ids };
}

describe("notify_history paging", () => {
  it("continues with a cursor past the limit, never skipping or repeating a notification", async () => {
    const { userId, ids } = await userWithHistory(7);
    const ctx = toolContext(userId, ["notify:read"], 20_000);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const result = await call(notifyHistory, { limit: 3, ...(cursor && { cursor }) }, ctx);
      const data = result.structuredContent as { deliveries: { id: string }[]; total: number; nextCursor?: string };
      expect(data.total).toBe(7);
      seen.push(...data.deliveries.map((delivery) => delivery.id));
      cursor = data.nextCursor;
      if (cursor)
        expect(textOf(result)).toMatch(new RegExp(`\\d+ older: call notify_history again with cursor "${cursor}"`));
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it("trims a page of long CJK notifications to the output cap, and the cursor picks up the rest", async () => {
    const { userId, ids } = await userWithHistory(6);
    const cap = 1_500;
    const ctx = toolContext(userId, ["notify:read"], cap);
    const first = await call(notifyHistory, { limit: 6 }, ctx);
    expect(first.isError).toBeFalsy();
    expect(resultTokens(first)).toBeLessThanOrEqual(cap);
    const data = first.structuredContent as { deliveries: { id: string }[]; nextCursor?: string };
    expect(data.deliveries.length).toBeLessThan(6);
    const rest = await call(notifyHistory, { limit: 6, cursor: data.nextCursor }, ctx);
    const restIds = (rest.structuredContent as { deliveries: { id: string }[] }).deliveries.map(
      (delivery) => delivery.id,
    );
    const combined = [...data.deliveries.map((delivery) => delivery.id), ...restIds];
    expect(restIds.length).toBeGreaterThan(0);
    expect(combined).toEqual([...ids].reverse().slice(0, combined.length));
  });

  it("orders notifications sent in the same millisecond by when they were sent, across pages", async () => {
    const { userId, ids } = await userWithHistory(6);
    // Workers' clock stands still within a request, so one request's sends share a timestamp; force it.
    await runInDurableObject(
      outbox(userId),
      (_instance, state) => void state.storage.sql.exec("UPDATE deliveries SET created_at = 1767225600000"),
    );
    const ctx = toolContext(userId, ["notify:read"], 20_000);
    const first = (await call(notifyHistory, { limit: 4 }, ctx)).structuredContent as {
      deliveries: { id: string }[];
      nextCursor?: string;
    };
    const rest = (await call(notifyHistory, { limit: 4, cursor: first.nextCursor }, ctx)).structuredContent as {
      deliveries: { id: string }[];
    };
    expect([...first.deliveries, ...rest.deliveries].map((delivery) => delivery.id)).toEqual([...ids].reverse());
  });

  it("refuses a cursor it did not issue", async () => {
    const result = await call(
      notifyHistory,
      { cursor: "bm90LWEtY3Vyc29y" },
      toolContext("history-nobody", ["notify:read"], 20_000),
    );
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("That cursor is not valid");
  });
});
