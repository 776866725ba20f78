/** One page of a user's delivery history, newest first (notify_history, the console). */
import { type DeliveryRow, deliveryView } from "./deliveries";
import type { DeliveryView } from "./types";

export interface HistoryOptions {
  limit: number;
  state?: DeliveryView["state"];
  channel?: string;
  /** The last row of the previous page. */
  before?: { at: number; id: string };
}

export interface HistoryPage {
  deliveries: DeliveryView[];
  total: number;
  /** Rows after this page. */
  older: number;
}

/**
 * Deliveries newest first, `limit` at a time. `before` is the last row of the previous page (its
 * creation time and id), so pages never skip or repeat a row while new ones arrive. `older` counts
 * the rows after this page. Rows created in the same millisecond (the clock stands still within a
 * request on Workers) are ordered by insertion (rowid), not by their random ids.
 */
export function deliveryHistory(sql: SqlStorage, options: HistoryOptions): HistoryPage {
  const where: string[] = [];
  const params: SqlStorageValue[] = [];
  if (options.state) {
    where.push("state = ?");
    params.push(options.state);
  }
  if (options.channel) {
    where.push("channel_name = ? COLLATE NOCASE");
    params.push(options.channel);
  }
  const clause = (extra: string[]) =>
    where.length + extra.length ? `WHERE ${[...where, ...extra].join(" AND ")}` : "";
  const olderThan = "(created_at < ? OR (created_at = ? AND rowid < (SELECT rowid FROM deliveries WHERE id = ?)))";
  const total = sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM deliveries ${clause([])}`, ...params).one().n;
  const after = options.before ? [options.before.at, options.before.at, options.before.id] : [];
  const rows = sql
    .exec(
      `SELECT * FROM deliveries ${clause(options.before ? [olderThan] : [])} ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      ...params,
      ...after,
      options.limit,
    )
    .toArray() as unknown as DeliveryRow[];
  const last = rows.at(-1);
  const older = last
    ? sql
        .exec<{ n: number }>(
          `SELECT COUNT(*) AS n FROM deliveries ${clause([olderThan])}`,
          ...params,
          last.created_at,
          last.created_at,
          last.id,
        )
        .one().n
    : 0;
  return { deliveries: rows.map(deliveryView), total, older };
}
