/** Delivery rows: views, the rolling-hour rate limit, idempotency keys and history retention. */
import { MAX_ATTEMPTS } from "./backoff";
import type { Priority, ServiceName } from "./services";
import type { DeliveryState, DeliveryView } from "./types";

export interface DeliveryRow {
  id: string;
  kind: "notification" | "test";
  channel_id: string;
  channel_name: string;
  service: string;
  title: string | null;
  message: string;
  priority: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: number | null;
  leased_until: number | null;
  last_status: number | null;
  reason: string | null;
  created_at: number;
  finished_at: number | null;
}

const HOUR_MS = 60 * 60_000;
/** Finished deliveries are kept this long for notify_status and notify_history. */
export const HISTORY_RETENTION_MS = 30 * 24 * HOUR_MS;
/** A caller-supplied idempotency key is remembered this long. */
export const EXPLICIT_KEY_TTL_MS = 24 * HOUR_MS;
/** Without a key, the same channel, title, message and priority within this window is the same notification. */
export const DERIVED_KEY_WINDOW_MS = 10 * 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function deliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel_name,
    service: row.service as ServiceName,
    title: row.title,
    preview: row.message.length > 200 ? `${row.message.slice(0, 199)}…` : row.message,
    priority: row.priority as Priority,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.kind === "test" ? 1 : MAX_ATTEMPTS,
    lastStatus: row.last_status,
    reason: row.reason,
    createdAt: new Date(row.created_at).toISOString(),
    nextAttemptAt: row.state === "pending" ? iso(row.next_attempt_at) : null,
    finishedAt: iso(row.finished_at),
  };
}

export function getDelivery(sql: SqlStorage, id: string): DeliveryRow | undefined {
  return sql.exec("SELECT * FROM deliveries WHERE id = ?", id).toArray()[0] as unknown as DeliveryRow | undefined;
}

/**
 * The rolling-hour limit: sends and tests created in the last hour. When full, the answer says
 * when the oldest of them leaves the window, which is when the next send is allowed.
 */
/** The rate-limit refusal's last sentence, for Claude; a page showing the refusal to the user leaves it out. */
export const RATE_LIMIT_ADVICE = "Tell the user instead of retrying now.";

export function rateLimitRefusal(sql: SqlStorage, limit: number, now: number): string | undefined {
  const since = now - HOUR_MS;
  const { n, oldest } = sql
    .exec<{ n: number; oldest: number | null }>(
      "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM deliveries WHERE created_at > ?",
      since,
    )
    .one();
  if (n < limit) return undefined;
  // The (n − limit + 1)th oldest must leave the window; with n == limit that is the oldest.
  const freeing =
    sql
      .exec<{ created_at: number }>(
        "SELECT created_at FROM deliveries WHERE created_at > ? ORDER BY created_at LIMIT 1 OFFSET ?",
        since,
        n - limit,
      )
      .toArray()[0]?.created_at ??
    oldest ??
    now;
  const resetAt = freeing + HOUR_MS;
  const minutes = Math.max(1, Math.ceil((resetAt - now) / 60_000));
  return (
    `Rate limit reached: at most ${limit} notifications (including channel tests) per hour. ` +
    `The next one can be sent at ${new Date(resetAt).toISOString()} (in about ${minutes} minute${minutes === 1 ? "" : "s"}). ` +
    RATE_LIMIT_ADVICE
  );
}

/** The delivery an idempotency key already produced, if the key is still remembered. */
export function findByIdempotencyKey(sql: SqlStorage, key: string, now: number): DeliveryRow | undefined {
  sql.exec("DELETE FROM idempotency WHERE expires_at <= ?", now);
  const hit = sql.exec<{ delivery_id: string }>("SELECT delivery_id FROM idempotency WHERE key = ?", key).toArray()[0];
  return hit ? getDelivery(sql, hit.delivery_id) : undefined;
}

export function rememberIdempotencyKey(sql: SqlStorage, key: string, deliveryId: string, expiresAt: number): void {
  sql.exec(
    "INSERT OR REPLACE INTO idempotency (key, delivery_id, expires_at) VALUES (?, ?, ?)",
    key,
    deliveryId,
    expiresAt,
  );
}

/** Forget finished deliveries past retention (and their keys). */
export function pruneHistory(sql: SqlStorage, now: number): void {
  const cutoff = now - HISTORY_RETENTION_MS;
  sql.exec(
    "DELETE FROM idempotency WHERE delivery_id IN (SELECT id FROM deliveries WHERE state != 'pending' AND created_at < ?)",
    cutoff,
  );
  sql.exec("DELETE FROM deliveries WHERE state != 'pending' AND created_at < ?", cutoff);
}
