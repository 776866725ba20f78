import { decodeCursor, encodeCursor } from "../lib/cursor";
import { AUDIT_LIMITS, type AuditEntry, type AuditInput, type AuditSettings } from "./audit";

const DAY_MS = 86_400_000;

type AuditRow = {
  rowid: number;
  at: number;
  kind: string;
  client_id: string | null;
  client_name: string | null;
  grant_id: string | null;
  name: string;
  outcome: string;
  ms: number | null;
  detail: string | null;
};

interface AuditCursor {
  at: number;
  id: number;
}

function isAuditCursor(value: unknown): value is AuditCursor {
  const cursor = value as AuditCursor;
  return (
    typeof value === "object" && value !== null && Number.isSafeInteger(cursor.at) && Number.isSafeInteger(cursor.id)
  );
}

/**
 * The activity log in the Workspace object's SQLite (table from schema migration 6). Entries older
 * than `retentionDays` are pruned here: before every read, and on write at most once an hour (an
 * indexed range delete, so no timer is needed).
 */
export class AuditStore {
  private readonly sql: SqlStorage;
  private readonly now: () => number;
  private readonly retentionMs: number;
  private prunedAt = 0;

  constructor(options: { storage: DurableObjectStorage; retentionDays: number; now?: () => number }) {
    this.sql = options.storage.sql;
    this.now = options.now ?? Date.now;
    this.retentionMs = options.retentionDays * DAY_MS;
  }

  record(input: AuditInput): void {
    const now = this.now();
    if (now - this.prunedAt >= AUDIT_LIMITS.pruneEveryMs) this.prune(now);
    const detail = input.detail && this.settings().recordDetails ? JSON.stringify(input.detail) : null;
    this.sql.exec(
      "INSERT INTO audit_log (at, kind, client_id, client_name, grant_id, name, outcome, ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      input.at ?? now,
      input.kind,
      input.clientId ?? null,
      input.clientName ?? null,
      input.grantId ?? null,
      input.name,
      input.outcome,
      input.ms ?? null,
      detail,
    );
  }

  page(options: { limit?: number; cursor?: string } = {}): { entries: AuditEntry[]; nextCursor?: string } | undefined {
    this.prune(this.now());
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? AUDIT_LIMITS.pageSize)), AUDIT_LIMITS.maxPageSize);
    let after: AuditCursor | undefined;
    if (options.cursor !== undefined) {
      after = decodeCursor(options.cursor, isAuditCursor);
      if (!after) return undefined;
    }
    const rows = after
      ? this.sql
          .exec<AuditRow>(
            "SELECT rowid, * FROM audit_log WHERE at < ? OR (at = ? AND rowid < ?) ORDER BY at DESC, rowid DESC LIMIT ?",
            after.at,
            after.at,
            after.id,
            limit + 1,
          )
          .toArray()
      : this.sql
          .exec<AuditRow>("SELECT rowid, * FROM audit_log ORDER BY at DESC, rowid DESC LIMIT ?", limit + 1)
          .toArray();
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return {
      entries: shown.map(toEntry),
      ...(rows.length > limit && last ? { nextCursor: encodeCursor({ at: last.at, id: last.rowid }) } : {}),
    };
  }

  exportAll(): AuditEntry[] {
    this.prune(this.now());
    return this.sql
      .exec<AuditRow>("SELECT rowid, * FROM audit_log ORDER BY at DESC, rowid DESC LIMIT ?", AUDIT_LIMITS.exportMax)
      .toArray()
      .map(toEntry);
  }

  settings(): AuditSettings {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM user_settings WHERE name = 'audit'").toArray()[0];
    const stored = row ? (JSON.parse(row.value) as Partial<AuditSettings>) : {};
    return { recordDetails: stored.recordDetails === true };
  }

  updateSettings(settings: AuditSettings): AuditSettings {
    const next: AuditSettings = { recordDetails: settings.recordDetails === true };
    this.sql.exec(
      "INSERT INTO user_settings (name, value) VALUES ('audit', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      JSON.stringify(next),
    );
    // Turning details off also forgets the ones already kept.
    if (!next.recordDetails) this.sql.exec("UPDATE audit_log SET detail = NULL WHERE detail IS NOT NULL");
    return next;
  }

  lastToolCallByGrant(): Record<string, number> {
    const rows = this.sql
      .exec<{ grant_id: string; at: number }>(
        "SELECT grant_id, max(at) AS at FROM audit_log WHERE kind = 'tool' AND grant_id IS NOT NULL GROUP BY grant_id",
      )
      .toArray();
    return Object.fromEntries(rows.map((row) => [row.grant_id, row.at]));
  }

  /** Drop entries older than the retention period; an entry exactly that old is kept. */
  private prune(now: number): void {
    this.prunedAt = now;
    this.sql.exec("DELETE FROM audit_log WHERE at < ?", now - this.retentionMs);
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.rowid,
    at: new Date(row.at).toISOString(),
    kind: row.kind === "sign_in" ? "sign_in" : "tool",
    name: row.name,
    outcome: row.outcome === "ok" || row.outcome === "refused" || row.outcome === "declined" ? row.outcome : "error",
    ...(row.client_id !== null ? { clientId: row.client_id } : {}),
    ...(row.client_name !== null ? { clientName: row.client_name } : {}),
    ...(row.grant_id !== null ? { grantId: row.grant_id } : {}),
    ...(row.ms !== null ? { ms: row.ms } : {}),
    ...(row.detail !== null ? { detail: JSON.parse(row.detail) as AuditEntry["detail"] } : {}),
  };
}
