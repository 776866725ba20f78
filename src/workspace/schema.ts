/**
 * The workspace's SQLite schema as an ordered list of migrations. The object runs every migration
 * newer than the stored version when it starts (inside `blockConcurrencyWhile`, so no request sees
 * a half-migrated database), each in its own transaction together with the version bump: a crash
 * mid-migration leaves the previous version intact and the migration runs again on the next start.
 * Never edit a shipped migration; append a new one.
 */
import { runMigrations } from "../lib/sqlite-migrations";

export interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "notes and their tags",
    statements: [
      // `rowid` is explicit so the FTS index (v2) can point at it; `id` is the public id.
      // `title_key` is the lowercased title: completion and title order need a case-insensitive
      // index, and SQLite's NOCASE folds ASCII only.
      `CREATE TABLE notes (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      )`,
      "CREATE INDEX notes_by_updated ON notes (updated_at, rowid)",
      "CREATE INDEX notes_by_created ON notes (created_at, rowid)",
      "CREATE INDEX notes_by_title ON notes (title_key, rowid)",
      `CREATE TABLE note_tags (
        tag TEXT NOT NULL,
        note_rowid INTEGER NOT NULL,
        PRIMARY KEY (tag, note_rowid)
      ) WITHOUT ROWID`,
      "CREATE INDEX note_tags_by_note ON note_tags (note_rowid)",
    ],
  },
  {
    version: 2,
    description: "full-text index over titles and bodies",
    statements: [
      // External-content FTS5: the text lives once, in `notes`; the index holds only tokens. The
      // triggers keep it in step inside the same statement (and so the same transaction) as the
      // row change, which is what makes "a note and its index never disagree" hold.
      // unicode61 with diacritics removed: "café" finds "cafe" and the reverse.
      `CREATE VIRTUAL TABLE notes_fts USING fts5(
        title, body,
        content = 'notes', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2'
      )`,
      `CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
        INSERT INTO notes_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
      END`,
      `CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
        INSERT INTO notes_fts (notes_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
      END`,
      `CREATE TRIGGER notes_fts_update AFTER UPDATE OF title, body ON notes BEGIN
        INSERT INTO notes_fts (notes_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO notes_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
      END`,
      // Index the notes written before this migration.
      "INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')",
    ],
  },
  {
    version: 3,
    description: "file metadata (bytes live in R2)",
    statements: [
      // `state`: 'pending' while the bytes are being written to R2 (the size already counts against
      // the quota, so concurrent uploads cannot overshoot it), 'ready' once they are, 'deleting'
      // once deleted but the R2 object may still exist. The sweeper finishes what a crash left.
      `CREATE TABLE files (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'ready', 'deleting')),
        created_at INTEGER NOT NULL,
        state_at INTEGER NOT NULL
      )`,
      "CREATE INDEX files_by_created ON files (state, created_at, rowid)",
      "CREATE INDEX files_by_name ON files (state, name_key)",
    ],
  },
  {
    version: 4,
    description: "a maintained note count",
    statements: [
      // count(*) walks a whole index: at 100k notes the limit check before each create cost about
      // a millisecond, most of a create. Triggers keep the count in the same statement as the row.
      "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
      "INSERT INTO counters (name, value) VALUES ('notes', (SELECT count(*) FROM notes))",
      `CREATE TRIGGER notes_count_insert AFTER INSERT ON notes BEGIN
        UPDATE counters SET value = value + 1 WHERE name = 'notes';
      END`,
      `CREATE TRIGGER notes_count_delete AFTER DELETE ON notes BEGIN
        UPDATE counters SET value = value - 1 WHERE name = 'notes';
      END`,
    ],
  },
  {
    version: 5,
    description: "preferences and handle-addressed scratchpads",
    statements: [
      // Per user, not per session: a 2026-07-28 connection has no session to keep them in.
      "CREATE TABLE user_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
      `CREATE TABLE scratchpads (
        handle TEXT PRIMARY KEY,
        entries TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        used_at INTEGER NOT NULL
      ) WITHOUT ROWID`,
      "CREATE INDEX scratchpads_by_use ON scratchpads (used_at)",
    ],
  },
  {
    version: 6,
    description: "the owner's activity log",
    statements: [
      // One row per tool call or sign-in. `name` is the tool (or the sign-in method); `detail` is
      // NULL unless the owner turned on keeping arguments and results (then a truncated copy).
      `CREATE TABLE audit_log (
        rowid INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('tool', 'sign_in')),
        client_id TEXT,
        client_name TEXT,
        grant_id TEXT,
        name TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error', 'refused', 'declined')),
        ms INTEGER,
        detail TEXT
      )`,
      // Paging newest first and pruning by age; "last used" per connected app.
      "CREATE INDEX audit_log_by_time ON audit_log (at, rowid)",
      "CREATE INDEX audit_log_by_grant ON audit_log (grant_id, at) WHERE grant_id IS NOT NULL",
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** The stored schema version (0 for a new database). */
export function schemaVersion(sql: SqlStorage): number {
  sql.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = sql.exec<{ version: number }>("SELECT version FROM schema_version").toArray()[0];
  return row?.version ?? 0;
}

/**
 * Bring the database up to `target` (default: the newest schema). Exported with a target so the
 * migration test can build a database as the first release left it.
 */
export function migrate(storage: DurableObjectStorage, target: number = SCHEMA_VERSION): number {
  return runMigrations(
    storage,
    MIGRATIONS,
    {
      read: schemaVersion,
      write(sql, version) {
        sql.exec("DELETE FROM schema_version");
        sql.exec("INSERT INTO schema_version (version) VALUES (?)", version);
      },
    },
    target,
  );
}
