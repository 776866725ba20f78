import { logEvent } from "../lib/log";
import { type AttemptOutcome, attemptDelivery } from "./attempt";
import { nextRetryDelay } from "./backoff";
import { type ChannelRow, findChannel, type LoadedChannel, loadChannel } from "./channels";
import { encryptionKey, KEY_MISSING } from "./crypto";
import type { DeliveryRow } from "./deliveries";
import { buildRequest, type Priority } from "./services";
import { readNotifySettings } from "./settings";
import { checkChannelUrl } from "./url-guard";

/** Each attempt gets this long to answer. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
/** A claimed delivery is not claimed again before this, so a crash mid-attempt retries later, once. */
export const LEASE_MS = ATTEMPT_TIMEOUT_MS * 3;
/** Deliveries attempted per alarm run; the alarm re-arms at once when more are due. */
const BATCH = 10;

/**
 * The Outbox's delivery queue: claiming due deliveries under a lease, attempting them, recording the
 * outcome or the next retry, and keeping one alarm armed for the earliest due delivery.
 */
export class DeliveryQueue {
  private readonly sql: SqlStorage;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
  ) {
    this.sql = storage.sql;
  }

  /** Claim what is due (a batch), then attempt each; retries are rescheduled with backoff. */
  async deliverDue(): Promise<void> {
    const now = Date.now();
    const claimed = this.storage.transactionSync(() => {
      // A test interrupted by an eviction would otherwise stay pending forever.
      this.sql.exec(
        "UPDATE deliveries SET state = 'failed', reason = 'Interrupted before the service answered.', finished_at = ?, leased_until = NULL WHERE kind = 'test' AND state = 'pending' AND leased_until < ?",
        now,
        now,
      );
      const rows = this.sql
        .exec(
          "SELECT * FROM deliveries WHERE kind = 'notification' AND state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
          now,
          BATCH,
        )
        .toArray() as unknown as DeliveryRow[];
      // Claim before any await: a concurrent run (or a restart mid-attempt) cannot send these again now.
      for (const row of rows) {
        this.sql.exec(
          "UPDATE deliveries SET attempts = attempts + 1, leased_until = ?, next_attempt_at = ? WHERE id = ?",
          now + LEASE_MS,
          now + LEASE_MS,
          row.id,
        );
      }
      return rows.map((row) => ({ ...row, attempts: row.attempts + 1 }));
    });
    if (claimed.length === 0) return;
    const key = await encryptionKey(this.env.NOTIFY_ENCRYPTION_KEY);
    await Promise.all(claimed.map((row) => this.deliverOne(key, row)));
  }

  private async deliverOne(key: CryptoKey | undefined, row: DeliveryRow): Promise<void> {
    if (!key) return this.finish(row.id, "failed", null, KEY_MISSING);
    const channel = findChannel(this.sql, row.channel_id);
    if (!channel || channel.id !== row.channel_id)
      return this.finish(row.id, "failed", null, "The channel was removed before the notification could be delivered.");
    const outcome = await this.attempt(key, channel, row);
    if (outcome.kind === "delivered") return this.finish(row.id, "delivered", outcome.status, null);
    if (outcome.kind === "failed") return this.finish(row.id, "failed", outcome.status, outcome.reason);
    const delay = nextRetryDelay(row.attempts, outcome.retryAfterMs);
    if (delay === undefined) {
      return this.finish(
        row.id,
        "failed",
        outcome.status,
        `Gave up after ${row.attempts} attempt${row.attempts === 1 ? "" : "s"}. Last: ${outcome.reason}`,
      );
    }
    this.sql.exec(
      "UPDATE deliveries SET leased_until = NULL, next_attempt_at = ?, last_status = ?, reason = ? WHERE id = ? AND state = 'pending'",
      Date.now() + delay,
      outcome.status,
      outcome.reason,
      row.id,
    );
    logEvent("notify_retry", {
      service: row.service,
      attempt: row.attempts,
      status: outcome.status ?? 0,
      delayMs: delay,
    });
  }

  /** One attempt at one delivery: the channel decrypted, its URL re-checked, the request sent. */
  async attempt(key: CryptoKey, channelRow: ChannelRow, row: DeliveryRow): Promise<AttemptOutcome> {
    let channel: LoadedChannel;
    try {
      channel = await loadChannel(key, channelRow);
    } catch {
      return {
        kind: "failed",
        status: null,
        reason:
          "The channel URL could not be decrypted (the server's encryption key changed). Remove the channel and add it again.",
      };
    }
    const settings = readNotifySettings(this.env);
    // Re-checked at send time: the development switch may have been turned off since the channel was added.
    const allowed = checkChannelUrl(channel.service, channel.url.href, settings);
    if (!allowed.ok) return { kind: "failed", status: null, reason: allowed.reason };
    const note = {
      deliveryId: row.id,
      title: row.title,
      message: row.message,
      priority: row.priority as Priority,
      test: row.kind === "test",
      createdAt: row.created_at,
    };
    const request = await buildRequest(channel.service, channel.url, channel.secret, note, Date.now());
    const outcome = await attemptDelivery(request, {
      timeoutMs: ATTEMPT_TIMEOUT_MS,
      checkRedirect: (url) => {
        const check = checkChannelUrl(channel.service === "ntfy" ? "webhook" : channel.service, url.href, settings);
        return check.ok ? undefined : `Refused a redirect: ${check.reason}`;
      },
    });
    logEvent("notify_attempt", {
      service: channel.service,
      kind: row.kind,
      attempt: row.attempts,
      outcome: outcome.kind,
      status: outcome.status ?? 0,
    });
    return outcome;
  }

  finish(id: string, state: "delivered" | "failed", status: number | null, reason: string | null): void {
    this.sql.exec(
      "UPDATE deliveries SET state = ?, last_status = ?, reason = ?, finished_at = ?, leased_until = NULL, next_attempt_at = NULL WHERE id = ?",
      state,
      status,
      reason,
      Date.now(),
      id,
    );
  }

  /** Keep exactly one alarm, at the earliest due delivery (now, if one is overdue). */
  async rearm(): Promise<void> {
    const next = this.sql
      .exec<{ at: number | null }>(
        "SELECT MIN(next_attempt_at) AS at FROM deliveries WHERE state = 'pending' AND next_attempt_at IS NOT NULL",
      )
      .one().at;
    if (next === null) {
      await this.storage.deleteAlarm();
      return;
    }
    const current = await this.storage.getAlarm();
    const at = Math.max(next, Date.now());
    if (current === null || current > at) await this.storage.setAlarm(at);
  }
}
