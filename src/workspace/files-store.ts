/**
 * Files: bytes in R2 under this workspace's prefix, metadata in the workspace's SQLite. The two are
 * kept in agreement without a distributed transaction by ordering the writes:
 *
 *   upload: check limits, then (no await in between) reserve the bytes with a `pending` row and arm
 *           the sweeper → put to R2 → mark `ready`. A failed put removes the row; a crash leaves a
 *           `pending` row the sweeper removes, with any bytes, once it is older than the TTL.
 *   delete: mark the row `deleting` (it vanishes from every list and from usage at once) → delete
 *           from R2 → remove the row. A failed R2 delete leaves the row for the sweeper to retry.
 *   read:   a `ready` row whose R2 object is missing is removed and reported as not found.
 *
 * The sweeper also deletes R2 objects under the prefix that have no row at all.
 */

import { bytesToHex } from "../lib/encoding";
import type { FileInfo, FileInput, Page, Result } from "./api";
import { decodeListCursor, encodeListCursor } from "./cursors";
import { idFormat, isId, newId } from "./ids";
import { FILE_LIMITS, formatBytes, PAGE_LIMITS, type StorageLimits } from "./limits";
import { invalidCursor } from "./notes-store";
import { fail, ok } from "./result";
import { resolveContentType } from "./sniff";
import { checkLimit, sortKey } from "./validate";

interface FileRow {
  rowid: number;
  id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  state: "pending" | "ready" | "deleting";
  created_at: number;
  state_at: number;
  [key: string]: SqlStorageValue;
}

const FILE_COLUMNS = "rowid, id, name, content_type, size, sha256, state, created_at, state_at";

function toInfo(row: FileRow): FileInfo {
  return {
    id: row.id,
    name: row.name,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const fileNotFound = (id: string) =>
  fail<never>("not_found", `No file with id ${id} in this workspace. List files with files_list.`);
const badFileId = (id: unknown) =>
  fail<never>("invalid", `"${String(id).slice(0, 40)}" is not a file id; file ids are ${idFormat("file")}.`);

export interface FilesStoreOptions {
  storage: DurableObjectStorage;
  bucket: R2Bucket;
  /** This workspace's R2 key prefix, ending in "/". Derived from the object id: no personal data in keys. */
  prefix: string;
  limits: StorageLimits;
  now?: () => number;
}

export interface SweepReport {
  stalePending: number;
  deleted: number;
  orphans: number;
  /** Rows still waiting (young uploads, failed deletes): the caller re-arms the alarm when > 0. */
  waiting: number;
}

export class FilesStore {
  private readonly storage: DurableObjectStorage;
  private readonly sql: SqlStorage;
  private readonly bucket: R2Bucket;
  private readonly prefix: string;
  readonly limits: StorageLimits;
  private readonly now: () => number;

  constructor(options: FilesStoreOptions) {
    this.storage = options.storage;
    this.sql = options.storage.sql;
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.limits = options.limits;
    this.now = options.now ?? Date.now;
  }

  key(id: string): string {
    return `${this.prefix}${id}`;
  }

  usage(): { files: number; fileBytes: number } {
    // Pending uploads count: their bytes are reserved before the R2 put, so two concurrent uploads
    // cannot both fit in the space that only one of them fits in.
    const row = this.sql
      .exec<{ files: number; bytes: number }>(
        "SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files WHERE state IN ('pending', 'ready')",
      )
      .one();
    return { files: row.files, fileBytes: row.bytes };
  }

  async put(input: FileInput): Promise<Result<FileInfo>> {
    if (typeof input !== "object" || input === null)
      return fail("invalid", "An upload needs a name and the file's bytes.");
    const name = checkName(input.name);
    if (!name.ok) return fail("invalid", name.message);
    const bytes =
      input.bytes instanceof Uint8Array
        ? input.bytes
        : input.bytes && (input.bytes as unknown) instanceof ArrayBuffer
          ? new Uint8Array(input.bytes as unknown as ArrayBuffer)
          : undefined;
    if (!bytes) return fail("invalid", "The file's content is missing.");
    if (bytes.byteLength > this.limits.fileMaxBytes) {
      return fail(
        "too_large",
        `${name.value} is ${formatBytes(bytes.byteLength)} (${bytes.byteLength} bytes); the limit per file is ${formatBytes(this.limits.fileMaxBytes)} (${this.limits.fileMaxBytes} bytes). Split it or compress it.`,
      );
    }
    if (input.declaredType !== undefined && typeof input.declaredType !== "string")
      return fail("invalid", "The type must be a media type string such as image/png.");
    const type = resolveContentType(bytes, name.value, input.declaredType);
    if (!type.ok) return fail("invalid", type.message);
    const sha256 = hex(await crypto.subtle.digest("SHA-256", bytes));

    // From here to the INSERT nothing awaits, so the quota check and the reservation are one step.
    const used = this.usage();
    if (used.files >= FILE_LIMITS.filesPerWorkspace) {
      return fail(
        "quota",
        `This workspace holds ${used.files} files, the most it may hold. Delete files you no longer need (files_list, files_delete) and retry.`,
      );
    }
    if (used.fileBytes + bytes.byteLength > this.limits.quotaBytes) {
      const free = Math.max(0, this.limits.quotaBytes - used.fileBytes);
      return fail(
        "quota",
        `${name.value} (${formatBytes(bytes.byteLength)}) does not fit: ${formatBytes(used.fileBytes)} of the ${formatBytes(this.limits.quotaBytes)} quota is used by ${used.files} files, ${formatBytes(free)} (${free} bytes) is free. Delete files you no longer need (files_list, files_delete) and retry.`,
      );
    }
    const id = newId("file");
    const now = this.now();
    this.sql.exec(
      "INSERT INTO files (id, name, name_key, content_type, size, sha256, state, created_at, state_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
      id,
      name.value,
      sortKey(name.value),
      type.type,
      bytes.byteLength,
      sha256,
      now,
      now,
    );
    await this.armSweeper(now);
    try {
      // R2 checks the digest, so bytes damaged on the way are refused rather than stored.
      await this.bucket.put(this.key(id), bytes, { httpMetadata: { contentType: type.type }, sha256 });
    } catch (error) {
      this.sql.exec("DELETE FROM files WHERE id = ? AND state = 'pending'", id);
      throw error;
    }
    const marked = this.sql.exec(
      "UPDATE files SET state = 'ready', state_at = ? WHERE id = ? AND state = 'pending'",
      this.now(),
      id,
    ).rowsWritten;
    if (marked === 0) {
      // The put outlived the pending TTL and the sweeper already gave up on it: undo, so no bytes stay without a row.
      await this.bucket.delete(this.key(id));
      throw new Error("the upload took too long to store; try again");
    }
    return ok({
      id,
      name: name.value,
      contentType: type.type,
      size: bytes.byteLength,
      sha256,
      createdAt: new Date(now).toISOString(),
    });
  }

  info(id: string): Result<FileInfo> {
    if (!isId("file", id)) return badFileId(id);
    const row = this.readyRow(id);
    return row ? ok(toInfo(row)) : fileNotFound(id);
  }

  async get(id: string): Promise<Result<{ info: FileInfo; bytes: Uint8Array }>> {
    if (!isId("file", id)) return badFileId(id);
    const row = this.readyRow(id);
    if (!row) return fileNotFound(id);
    const object = await this.bucket.get(this.key(id));
    if (!object) {
      // Metadata without bytes can only come from storage lost outside this code; drop the row so
      // lists stop offering a file that cannot be read.
      this.sql.exec("DELETE FROM files WHERE id = ? AND state = 'ready'", id);
      return fail(
        "not_found",
        `The bytes of file ${id} (${row.name}) are missing from storage, so the file has been removed from the list. Upload it again if you still have it.`,
      );
    }
    return ok({ info: toInfo(row), bytes: new Uint8Array(await object.arrayBuffer()) });
  }

  list(options: { limit?: number; cursor?: string } = {}): Result<Page<FileInfo>> {
    const limit = checkLimit(options.limit, PAGE_LIMITS.defaultSize, PAGE_LIMITS.maxSize);
    if (!limit.ok) return fail("invalid", limit.message);
    let keyset = "";
    const params: SqlStorageValue[] = [];
    if (options.cursor !== undefined) {
      const after = decodeListCursor(options.cursor, "files", "");
      if (!after) return invalidCursor("files_list");
      keyset = " AND (created_at, rowid) < (?, ?)";
      params.push(after.key, after.rowid);
    }
    const where = `WHERE state = 'ready'${keyset}`;
    const rows = this.sql
      .exec<FileRow>(
        `SELECT ${FILE_COLUMNS} FROM files ${where} ORDER BY created_at DESC, rowid DESC LIMIT ?`,
        ...params,
        limit.value + 1,
      )
      .toArray();
    const items = rows.slice(0, limit.value);
    const last = items.at(-1);
    if (rows.length <= limit.value || !last) return ok({ items: items.map(toInfo) });
    const total = this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM files ${where}`, ...params).one().n;
    return ok({
      items: items.map(toInfo),
      nextCursor: encodeListCursor("files", "", last.created_at, last.rowid),
      remaining: total - items.length,
    });
  }

  async delete(id: string): Promise<Result<{ id: string }>> {
    if (!isId("file", id)) return badFileId(id);
    const row = this.readyRow(id);
    if (!row) return fileNotFound(id);
    const now = this.now();
    this.sql.exec("UPDATE files SET state = 'deleting', state_at = ? WHERE id = ?", now, id);
    await this.armSweeper(now);
    try {
      await this.bucket.delete(this.key(id));
    } catch {
      // The row stays `deleting`: invisible to the user, retried by the sweeper.
      return ok({ id });
    }
    this.sql.exec("DELETE FROM files WHERE id = ? AND state = 'deleting'", id);
    return ok({ id });
  }

  completeNames(prefix: string, limit: number = PAGE_LIMITS.maxCompletions): Result<{ id: string; name: string }[]> {
    if (typeof prefix !== "string") return fail("invalid", "prefix must be a string.");
    const key = sortKey(prefix);
    const count =
      typeof limit === "number" && Number.isInteger(limit)
        ? Math.min(Math.max(limit, 1), PAGE_LIMITS.maxCompletions)
        : PAGE_LIMITS.maxCompletions;
    return ok(
      this.sql
        .exec<{ id: string; name: string }>(
          "SELECT id, name FROM files WHERE state = 'ready' AND name_key >= ? AND name_key < ? ORDER BY name_key, rowid LIMIT ?",
          key,
          `${key}\u{10FFFF}`,
          count,
        )
        .toArray(),
    );
  }

  /** Finish what interrupted uploads and deletes left behind (run from the object's alarm). */
  async sweep(): Promise<SweepReport> {
    const now = this.now();
    const report: SweepReport = { stalePending: 0, deleted: 0, orphans: 0, waiting: 0 };
    const stale = this.sql
      .exec<{ id: string }>(
        "SELECT id FROM files WHERE state = 'pending' AND state_at <= ?",
        now - FILE_LIMITS.pendingTtlMs,
      )
      .toArray();
    const deleting = this.sql.exec<{ id: string }>("SELECT id FROM files WHERE state = 'deleting'").toArray();
    for (const { id } of [...stale, ...deleting]) {
      try {
        await this.bucket.delete(this.key(id));
      } catch {
        continue;
      }
      const removed = this.sql.exec(
        "DELETE FROM files WHERE id = ? AND state IN ('pending', 'deleting') AND state_at <= ?",
        id,
        now,
      ).rowsWritten;
      if (stale.some((row) => row.id === id)) report.stalePending += removed;
      else report.deleted += removed;
    }
    // Objects with no row at all (a row removed while its R2 delete was lost): nothing can reach them.
    const listed = await this.bucket.list({ prefix: this.prefix, limit: 1000 });
    for (const object of listed.objects) {
      const id = object.key.slice(this.prefix.length);
      const known = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM files WHERE id = ?", id).one().n;
      if (known === 0) {
        await this.bucket.delete(object.key);
        report.orphans++;
      }
    }
    report.waiting = this.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM files WHERE state IN ('pending', 'deleting')")
      .one().n;
    return report;
  }

  /** When the sweeper should next run, if anything is waiting. */
  nextSweepAt(): number | undefined {
    const row = this.sql
      .exec<{ at: number | null }>("SELECT min(state_at) AS at FROM files WHERE state IN ('pending', 'deleting')")
      .one();
    return row.at === null ? undefined : row.at + FILE_LIMITS.pendingTtlMs;
  }

  private readyRow(id: string): FileRow | undefined {
    return this.sql
      .exec<FileRow>(`SELECT ${FILE_COLUMNS} FROM files WHERE id = ? AND state = 'ready'`, id)
      .toArray()[0];
  }

  private async armSweeper(now: number): Promise<void> {
    const current = await this.storage.getAlarm();
    const wanted = now + FILE_LIMITS.pendingTtlMs;
    if (current === null || current > wanted) await this.storage.setAlarm(wanted);
  }
}

function checkName(name: unknown): { ok: true; value: string } | { ok: false; message: string } {
  if (typeof name !== "string") return { ok: false, message: "The file needs a name, e.g. receipt.pdf." };
  const trimmed = name.trim().normalize("NFC");
  if (trimmed.length === 0)
    return { ok: false, message: "The file name is empty; give it a name such as receipt.pdf." };
  if (!trimmed.isWellFormed())
    return { ok: false, message: "The file name contains an unpaired UTF-16 surrogate; send valid Unicode." };
  if (/[\u0000-\u001F\u007F/\\]/.test(trimmed))
    return {
      ok: false,
      message:
        'The file name may not contain "/", "\\", NUL or other control characters; use a plain name such as receipt.pdf.',
    };
  const chars = [...trimmed].length;
  if (chars > FILE_LIMITS.nameChars)
    return { ok: false, message: `The file name is ${chars} characters; the limit is ${FILE_LIMITS.nameChars}.` };
  return { ok: true, value: trimmed };
}

function hex(digest: ArrayBuffer): string {
  return bytesToHex(new Uint8Array(digest));
}
