/**
 * The Outbox's SQLite schema, versioned: each migration runs once, in order, and is recorded in
 * `schema_migrations`, so a deployed object with old tables is brought forward on its next start.
 * Append new migrations; never edit one that has shipped.
 */
import { runMigrations } from "../lib/sqlite-migrations";

const MIGRATIONS: readonly string[] = [
  // 1: channels (URLs and secrets sealed), deliveries (queue and history), idempotency keys.
  `CREATE TABLE channels (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE COLLATE NOCASE,
     service TEXT NOT NULL,
     url_sealed BLOB NOT NULL,
     secret_sealed BLOB,
     target TEXT NOT NULL,
     is_default INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE deliveries (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     channel_name TEXT NOT NULL,
     service TEXT NOT NULL,
     title TEXT,
     message TEXT NOT NULL,
     priority TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     leased_until INTEGER,
     last_status INTEGER,
     reason TEXT,
     created_at INTEGER NOT NULL,
     finished_at INTEGER
   );
   CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
   CREATE INDEX deliveries_created ON deliveries (created_at);
   CREATE TABLE idempotency (
     key TEXT PRIMARY KEY,
     delivery_id TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );`,
];

export function migrate(storage: Pick<DurableObjectStorage, "sql" | "transactionSync">): number {
  const steps = MIGRATIONS.map((statement, index) => ({ version: index + 1, statements: [statement] }));
  return runMigrations(storage, steps, {
    read(sql) {
      sql.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
      );
      return (
        sql.exec<{ version: number | null }>("SELECT MAX(version) AS version FROM schema_migrations").one().version ?? 0
      );
    },
    write(sql, version) {
      sql.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", version, Date.now());
    },
  });
}

export const SCHEMA_VERSION = MIGRATIONS.length;
