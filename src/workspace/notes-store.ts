/**
 * Notes in the workspace's SQLite: create, read, update with optimistic concurrency, delete, list,
 * tags, completion, bulk import and export. Every write that touches more than one row runs in one
 * `transactionSync`, and the FTS triggers (schema.ts) run inside the same statements, so a note,
 * its tags and its search index change together or not at all.
 */
import type { Note, NoteInput, NoteSummary, NoteUpdate, Page, Result } from "./api";
import { decodeListCursor, encodeListCursor, type ListCursor, type ListOrder } from "./cursors";
import { idFormat, isId, newId } from "./ids";
import { NOTE_LIMITS, PAGE_LIMITS } from "./limits";
import { fail, ok } from "./result";
import {
  type CheckedNote,
  checkBody,
  checkLimit,
  checkNoteInput,
  checkTag,
  checkTags,
  checkTitle,
  sortKey,
} from "./validate";

export interface NoteRow {
  rowid: number;
  id: string;
  title: string;
  body: string;
  tags: string;
  created_at: number;
  updated_at: number;
  version: number;
  chars: number;
  [key: string]: SqlStorageValue;
}

/** Columns of a summary (everything but the body, plus its length in characters). */
export const SUMMARY_COLUMNS =
  "notes.rowid AS rowid, notes.id AS id, notes.title AS title, '' AS body, notes.tags AS tags, notes.created_at AS created_at, notes.updated_at AS updated_at, notes.version AS version, length(notes.body) AS chars";
const NOTE_COLUMNS = "rowid, id, title, body, tags, created_at, updated_at, version, length(body) AS chars";

export function toSummary(row: NoteRow): NoteSummary {
  return {
    id: row.id,
    title: row.title,
    tags: JSON.parse(row.tags) as string[],
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    version: row.version,
    chars: row.chars,
  };
}

function toNote(row: NoteRow): Note {
  const { chars: _chars, ...summary } = toSummary(row);
  return { ...summary, body: row.body };
}

export const noteNotFound = (id: string) =>
  fail<never>("not_found", `No note with id ${id} in this workspace. Find notes with notes_search or notes_list.`);
export const badNoteId = (id: unknown) =>
  fail<never>("invalid", `"${String(id).slice(0, 40)}" is not a note id; note ids are ${idFormat("note")}.`);

const ORDER_SQL: Record<ListOrder, { column: string; direction: "ASC" | "DESC" }> = {
  updated: { column: "updated_at", direction: "DESC" },
  created: { column: "created_at", direction: "DESC" },
  title: { column: "title_key", direction: "ASC" },
};

export interface NotesStoreOptions {
  storage: DurableObjectStorage;
  /** Milliseconds since the epoch; injectable so tests can write notes "last week". */
  now?: () => number;
}

export class NotesStore {
  private readonly storage: DurableObjectStorage;
  private readonly sql: SqlStorage;
  private readonly now: () => number;

  constructor(options: NotesStoreOptions) {
    this.storage = options.storage;
    this.sql = options.storage.sql;
    this.now = options.now ?? Date.now;
  }

  count(): number {
    return this.sql.exec<{ n: number }>("SELECT value AS n FROM counters WHERE name = 'notes'").one().n;
  }

  create(input: NoteInput): Result<Note> {
    const checked = checkNoteInput(input);
    if (!checked.ok) return fail("invalid", checked.message);
    const full = this.capacityProblem(1);
    if (full) return full;
    return ok(this.storage.transactionSync(() => this.insert(checked.value, this.now())));
  }

  /** All-or-nothing: every note is checked before the first is written, and the writes share one transaction. */
  importMany(inputs: NoteInput[]): Result<NoteSummary[]> {
    if (!Array.isArray(inputs) || inputs.length === 0) return fail("invalid", "Give at least one note to import.");
    if (inputs.length > NOTE_LIMITS.importBatch) {
      return fail(
        "invalid",
        `${inputs.length} notes in one import; the limit is ${NOTE_LIMITS.importBatch}. Import them in batches of ${NOTE_LIMITS.importBatch}.`,
      );
    }
    const checked: CheckedNote[] = [];
    for (const [index, input] of inputs.entries()) {
      const note = checkNoteInput(input);
      if (!note.ok)
        return fail("invalid", `Note ${index + 1} of ${inputs.length}: ${note.message} Nothing was imported.`);
      checked.push(note.value);
    }
    const full = this.capacityProblem(checked.length);
    if (full) return full;
    const now = this.now();
    return ok(
      this.storage.transactionSync(() =>
        checked.map((note) => {
          const { body: _body, ...summary } = this.insert(note, now);
          return { ...summary, chars: [...note.body].length };
        }),
      ),
    );
  }

  get(id: string): Result<Note> {
    if (!isId("note", id)) return badNoteId(id);
    const row = this.row(id);
    return row ? ok(toNote(row)) : noteNotFound(id);
  }

  update(update: NoteUpdate): Result<Note> {
    if (typeof update !== "object" || update === null)
      return fail("invalid", "An update needs the note's id and the version you read.");
    const { id, expectedVersion } = update;
    if (!isId("note", id)) return badNoteId(id);
    if (typeof expectedVersion !== "number" || !Number.isInteger(expectedVersion) || expectedVersion < 1) {
      return fail("invalid", "expectedVersion must be the note's version as you last read it (a whole number from 1).");
    }
    if (update.title === undefined && update.body === undefined && update.tags === undefined) {
      return fail("invalid", "Nothing to change: give a new title, body or tags.");
    }
    const title = update.title === undefined ? undefined : checkTitle(update.title);
    if (title && !title.ok) return fail("invalid", title.message);
    const body = update.body === undefined ? undefined : checkBody(update.body);
    if (body && !body.ok) return fail("invalid", body.message);
    const tags = update.tags === undefined ? undefined : checkTags(update.tags);
    if (tags && !tags.ok) return fail("invalid", tags.message);

    // Read, compare and write with no await in between: the object runs one request at a time
    // between awaits, so two updates from the same version cannot both pass the check.
    return this.storage.transactionSync(() => {
      const row = this.row(id);
      if (!row) return noteNotFound(id);
      if (row.version !== expectedVersion) return conflict(row, expectedVersion);
      const now = Math.max(this.now(), row.updated_at);
      this.sql.exec(
        "UPDATE notes SET title = ?, title_key = ?, body = ?, tags = ?, updated_at = ?, version = version + 1 WHERE rowid = ?",
        title?.value ?? row.title,
        sortKey(title?.value ?? row.title),
        body?.value ?? row.body,
        tags ? JSON.stringify(tags.value) : row.tags,
        now,
        row.rowid,
      );
      if (tags) this.writeTags(row.rowid, tags.value, true);
      const updated = this.row(id);
      if (!updated) throw new Error("note vanished inside its own transaction");
      return ok(toNote(updated));
    });
  }

  delete(id: string, expectedVersion?: number): Result<{ id: string }> {
    if (!isId("note", id)) return badNoteId(id);
    if (
      expectedVersion !== undefined &&
      (typeof expectedVersion !== "number" || !Number.isInteger(expectedVersion) || expectedVersion < 1)
    ) {
      return fail(
        "invalid",
        "expectedVersion must be the note's version as you last read it (a whole number from 1), or left out.",
      );
    }
    return this.storage.transactionSync(() => {
      const row = this.row(id);
      if (!row) return noteNotFound(id);
      if (expectedVersion !== undefined && row.version !== expectedVersion) return conflict(row, expectedVersion);
      this.sql.exec("DELETE FROM note_tags WHERE note_rowid = ?", row.rowid);
      this.sql.exec("DELETE FROM notes WHERE rowid = ?", row.rowid);
      return ok({ id });
    });
  }

  list(
    options: { tag?: string; order?: ListOrder; limit?: number; cursor?: string; updatedSince?: string } = {},
  ): Result<Page<NoteSummary>> {
    const order = options.order ?? "updated";
    if (!(order in ORDER_SQL)) return fail("invalid", 'order must be "updated", "created" or "title".');
    const limit = checkLimit(options.limit, PAGE_LIMITS.defaultSize, PAGE_LIMITS.maxSize);
    if (!limit.ok) return fail("invalid", limit.message);
    let tag: string | undefined;
    if (options.tag !== undefined) {
      const checked = checkTag(options.tag);
      if (!checked.ok) return fail("invalid", checked.message);
      tag = checked.value;
    }
    let since: number | undefined;
    if (options.updatedSince !== undefined) {
      since =
        typeof options.updatedSince === "string" && /^\d{4}-\d{2}-\d{2}/.test(options.updatedSince)
          ? Date.parse(options.updatedSince)
          : Number.NaN;
      if (!Number.isFinite(since))
        return fail(
          "invalid",
          `updatedSince must be an ISO 8601 date or time, e.g. 2026-01-31 or 2026-01-31T09:00:00Z.`,
        );
    }
    const filters: string[] = [];
    const params: SqlStorageValue[] = [];
    if (tag !== undefined) {
      filters.push("rowid IN (SELECT note_rowid FROM note_tags WHERE tag = ?)");
      params.push(tag);
    }
    if (since !== undefined) {
      filters.push("updated_at >= ?");
      params.push(since);
    }
    // The cursor carries the filters it was issued for: reusing it with other ones is a mistake
    // the caller should hear about, not a page from the middle of a different list.
    const scope = JSON.stringify([order, tag ?? null, since ?? null]);
    let after: ListCursor | undefined;
    if (options.cursor !== undefined) {
      after = decodeListCursor(options.cursor, "notes", scope);
      if (!after) return invalidCursor("notes_list");
    }
    const { column, direction } = ORDER_SQL[order];
    const pageFilters = [...filters];
    const pageParams = [...params];
    if (after) {
      pageFilters.push(`(${column}, rowid) ${direction === "DESC" ? "<" : ">"} (?, ?)`);
      pageParams.push(after.key, after.rowid);
    }
    const where = pageFilters.length ? `WHERE ${pageFilters.join(" AND ")}` : "";
    const rows = this.sql
      .exec<NoteRow & { sort_key: SqlStorageValue }>(
        `SELECT ${SUMMARY_COLUMNS}, notes.${column} AS sort_key FROM notes ${where} ORDER BY ${column} ${direction}, rowid ${direction} LIMIT ?`,
        ...pageParams,
        limit.value + 1,
      )
      .toArray();
    const items = rows.slice(0, limit.value);
    const last = items.at(-1);
    if (rows.length <= limit.value || !last) return ok({ items: items.map(toSummary) });
    const total = this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM notes ${where}`, ...pageParams).one().n;
    return ok({
      items: items.map(toSummary),
      nextCursor: encodeListCursor("notes", scope, last.sort_key as string | number, last.rowid),
      remaining: total - items.length,
    });
  }

  /** Oldest first, whole notes. */
  export(options: { limit?: number; cursor?: string } = {}): Result<Page<Note>> {
    const limit = checkLimit(options.limit, PAGE_LIMITS.defaultSize, PAGE_LIMITS.maxSize);
    if (!limit.ok) return fail("invalid", limit.message);
    let after: ListCursor | undefined;
    if (options.cursor !== undefined) {
      after = decodeListCursor(options.cursor, "export", "");
      if (!after) return invalidCursor("notes_export");
    }
    const where = after ? "WHERE (created_at, rowid) > (?, ?)" : "";
    const params: SqlStorageValue[] = after ? [after.key, after.rowid] : [];
    const rows = this.sql
      .exec<NoteRow>(
        `SELECT ${NOTE_COLUMNS} FROM notes ${where} ORDER BY created_at, rowid LIMIT ?`,
        ...params,
        limit.value + 1,
      )
      .toArray();
    const items = rows.slice(0, limit.value);
    const last = items.at(-1);
    if (rows.length <= limit.value || !last) return ok({ items: items.map(toNote) });
    const total = this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM notes ${where}`, ...params).one().n;
    return ok({
      items: items.map(toNote),
      nextCursor: encodeListCursor("export", "", last.created_at, last.rowid),
      remaining: total - items.length,
    });
  }

  /** Every tag in use with its note count, most used first. */
  tags(): Result<{ tag: string; count: number }[]> {
    return ok(
      this.sql
        .exec<{ tag: string; count: number }>(
          "SELECT tag, count(*) AS count FROM note_tags GROUP BY tag ORDER BY count DESC, tag",
        )
        .toArray(),
    );
  }

  /** Tags starting with `prefix`, most used first (prompt argument completion). */
  completeTags(prefix: string, limit: number = PAGE_LIMITS.maxCompletions): Result<string[]> {
    const key = sortKey(typeof prefix === "string" ? prefix.replace(/^#/, "") : "");
    const rows = this.sql
      .exec<{ tag: string }>(
        "SELECT tag FROM note_tags WHERE tag >= ? AND tag < ? GROUP BY tag ORDER BY count(*) DESC, tag LIMIT ?",
        key,
        `${key}\u{10FFFF}`,
        clampCompletions(limit),
      )
      .toArray();
    return ok(rows.map((row) => row.tag));
  }

  /** Titles starting with `prefix`, case-insensitively, in title order. */
  completeTitles(prefix: string, limit: number = PAGE_LIMITS.maxCompletions): Result<{ id: string; title: string }[]> {
    if (typeof prefix !== "string") return fail("invalid", "prefix must be a string.");
    const key = sortKey(prefix);
    // A range on the indexed key instead of LIKE: LIKE folds ASCII only and treats % and _ as wildcards.
    // U+10FFFF sorts after every other code point in SQLite's binary (UTF-8) order.
    return ok(
      this.sql
        .exec<{ id: string; title: string }>(
          "SELECT id, title FROM notes WHERE title_key >= ? AND title_key < ? ORDER BY title_key, rowid LIMIT ?",
          key,
          `${key}\u{10FFFF}`,
          clampCompletions(limit),
        )
        .toArray(),
    );
  }

  /** The full row of one note, or undefined. */
  row(id: string): NoteRow | undefined {
    return this.sql.exec<NoteRow>(`SELECT ${NOTE_COLUMNS} FROM notes WHERE id = ?`, id).toArray()[0];
  }

  private capacityProblem(adding: number): Result<never> | undefined {
    const count = this.count();
    if (count + adding <= NOTE_LIMITS.notesPerWorkspace) return undefined;
    return fail(
      "invalid",
      `This workspace holds ${count} notes and the limit is ${NOTE_LIMITS.notesPerWorkspace}; delete notes you no longer need first.`,
    );
  }

  private insert(note: CheckedNote, now: number): Note {
    const id = newId("note");
    const { rowid } = this.sql
      .exec<{ rowid: number }>(
        "INSERT INTO notes (id, title, title_key, body, tags, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING rowid",
        id,
        note.title,
        sortKey(note.title),
        note.body,
        JSON.stringify(note.tags),
        now,
        now,
      )
      .one();
    this.writeTags(rowid, note.tags, false);
    const iso = new Date(now).toISOString();
    return { id, title: note.title, body: note.body, tags: note.tags, createdAt: iso, updatedAt: iso, version: 1 };
  }

  private writeTags(rowid: number, tags: string[], replace: boolean): void {
    if (replace) this.sql.exec("DELETE FROM note_tags WHERE note_rowid = ?", rowid);
    for (const tag of tags) this.sql.exec("INSERT INTO note_tags (tag, note_rowid) VALUES (?, ?)", tag, rowid);
  }
}

function conflict(row: NoteRow, expectedVersion: number): Result<never> {
  return fail(
    "conflict",
    `Note ${row.id} changed since you read it: you read version ${expectedVersion}, it is now version ${row.version} (updated ${new Date(row.updated_at).toISOString()}). Nothing was changed. Get the note again, apply your edit to the current text, and retry with version ${row.version}.`,
    toSummary(row),
  );
}

export function invalidCursor(tool: string): Result<never> {
  return fail(
    "invalid_cursor",
    `That cursor was not issued for this ${tool} request (or is damaged). Repeat the request without a cursor to start from the first page.`,
  );
}

function clampCompletions(limit: unknown): number {
  return typeof limit === "number" && Number.isInteger(limit)
    ? Math.min(Math.max(limit, 1), PAGE_LIMITS.maxCompletions)
    : PAGE_LIMITS.maxCompletions;
}
