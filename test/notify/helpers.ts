/**
 * Helpers for notify tests inside workerd: addresses on the loopback receiver (test/notify/receiver.ts),
 * its script and record, the caller's Outbox, and driving the Outbox's alarm deterministically.
 */

import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import type { Outbox } from "../../src/notify/outbox";

import type { RecordedRequest, ScriptedAnswer } from "./receiver";

export type { RecordedRequest, ScriptedAnswer };

export function receiverOrigin(): string {
  return `http://127.0.0.1:${inject("notifyReceiverPort")}`;
}

/** A fresh box name, so each test reads only its own requests. */
export function newBox(): string {
  return `box-${crypto.randomUUID().slice(0, 12)}`;
}

export async function script(box: string, answers: ScriptedAnswer[]): Promise<void> {
  const response = await fetch(`${receiverOrigin()}/__script/${box}`, { method: "PUT", body: JSON.stringify(answers) });
  if (response.status !== 204) throw new Error(`script failed: ${response.status}`);
}

export async function received(box: string): Promise<RecordedRequest[]> {
  const response = await fetch(`${receiverOrigin()}/__requests/${box}`);
  return (await response.json()) as RecordedRequest[];
}

/** The development switch, as an operator would set NOTIFY_ALLOW_LOOPBACK; the Outbox reads env on each call. */
export function allowLoopback(on: boolean): void {
  (env as unknown as Record<string, string>).NOTIFY_ALLOW_LOOPBACK = on ? "true" : "false";
}

export function setRatePerHour(value: string): void {
  (env as unknown as Record<string, string>).NOTIFY_RATE_PER_HOUR = value;
}

export function outbox(userId = `user-${crypto.randomUUID()}`): DurableObjectStub<Outbox> {
  return env.OUTBOX.get(env.OUTBOX.idFromName(userId));
}

interface Row {
  state: string;
  attempts: number;
  leased_until: number | null;
  next_attempt_at: number | null;
  created_at: number;
}

export function deliveryRow(stub: DurableObjectStub<Outbox>, id: string): Promise<Row> {
  return runInDurableObject(
    stub,
    (_instance, state) => state.storage.sql.exec("SELECT * FROM deliveries WHERE id = ?", id).one() as unknown as Row,
  );
}

/**
 * Run the Outbox's alarm until delivery `id` has made `attempts` attempts (or finished). A retry's
 * due time is moved to now first, so backoff never makes a test wait. The alarm may also fire by
 * itself; a claimed (leased) delivery is left to finish, which the lease guarantees is sent once.
 */
export async function runAttempts(stub: DurableObjectStub<Outbox>, id: string, attempts: number): Promise<Row> {
  for (let i = 0; i < 500; i++) {
    const row = await deliveryRow(stub, id);
    if (row.state !== "pending" || (row.attempts >= attempts && row.leased_until === null)) return row;
    if (row.leased_until === null) {
      await runInDurableObject(stub, (_instance, state) => {
        state.storage.sql.exec(
          "UPDATE deliveries SET next_attempt_at = ? WHERE id = ? AND leased_until IS NULL",
          Date.now(),
          id,
        );
      });
      // The armed alarm, run now; if none is armed (one is running by itself), run the handler directly.
      if (!(await runDurableObjectAlarm(stub))) await runInDurableObject(stub, (instance) => instance.alarm());
    } else {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  throw new Error(`delivery ${id} did not reach ${attempts} attempts`);
}
