import {
  isScratchpadHandle,
  newScratchpadHandle,
  type Preferences,
  type PreferencesChange,
  SCRATCHPAD_HANDLE_LIMITS,
  type ScratchEntry,
} from "./user-state";

const DAY_MS = 86_400_000;

/**
 * Preferences and scratchpads in the Workspace object's SQLite (tables from schema migration 5).
 * Scratchpads expire after `idleDays` without use and are capped per user; both are enforced here on
 * write, so nothing needs a timer.
 */
export class UserStateStore {
  private readonly sql: SqlStorage;
  private readonly now: () => number;

  constructor(options: { storage: DurableObjectStorage; now?: () => number }) {
    this.sql = options.storage.sql;
    this.now = options.now ?? Date.now;
  }

  readPreferences(): Preferences {
    const row = this.sql
      .exec<{ value: string }>("SELECT value FROM user_settings WHERE name = 'preferences'")
      .toArray()[0];
    return row ? (JSON.parse(row.value) as Preferences) : {};
  }

  updatePreferences(change: PreferencesChange): Preferences {
    const next: Record<string, unknown> = { ...this.readPreferences() };
    for (const [key, value] of Object.entries(change)) {
      if (value === null) delete next[key];
      else if (value !== undefined) next[key] = value;
    }
    this.sql.exec(
      "INSERT INTO user_settings (name, value) VALUES ('preferences', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      JSON.stringify(next),
    );
    return next as Preferences;
  }

  createScratchpad(): string {
    const handle = newScratchpadHandle();
    const now = this.now();
    this.expireIdle(now);
    this.sql.exec(
      "INSERT INTO scratchpads (handle, entries, created_at, used_at) VALUES (?, '[]', ?, ?)",
      handle,
      now,
      now,
    );
    // Past the cap, the least recently used go: a client that mints handles in a loop cannot grow storage.
    this.sql.exec(
      "DELETE FROM scratchpads WHERE handle IN (SELECT handle FROM scratchpads ORDER BY used_at DESC, created_at DESC LIMIT -1 OFFSET ?)",
      SCRATCHPAD_HANDLE_LIMITS.perUser,
    );
    return handle;
  }

  readScratchpad(handle: string): ScratchEntry[] | null {
    if (!isScratchpadHandle(handle)) return null;
    const now = this.now();
    this.expireIdle(now);
    const row = this.sql
      .exec<{ entries: string }>("SELECT entries FROM scratchpads WHERE handle = ?", handle)
      .toArray()[0];
    if (!row) return null;
    this.sql.exec("UPDATE scratchpads SET used_at = ? WHERE handle = ?", now, handle);
    return JSON.parse(row.entries) as ScratchEntry[];
  }

  writeScratchpad(handle: string, entries: ScratchEntry[]): boolean {
    if (!isScratchpadHandle(handle)) return false;
    const now = this.now();
    this.expireIdle(now);
    const cursor = this.sql.exec(
      "UPDATE scratchpads SET entries = ?, used_at = ? WHERE handle = ?",
      JSON.stringify(entries),
      now,
      handle,
    );
    return cursor.rowsWritten > 0;
  }

  private expireIdle(now: number): void {
    this.sql.exec("DELETE FROM scratchpads WHERE used_at < ?", now - SCRATCHPAD_HANDLE_LIMITS.idleDays * DAY_MS);
  }
}
