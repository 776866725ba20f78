/**
 * The contract between the per-user `Workspace` Durable Object (its RPC methods) and the
 * workspace toolkit. Everything crossing the RPC boundary is plain data: errors come back as
 * values, because a thrown error loses its class (and any fields) on the way through RPC.
 */
import type { Result as LibResult } from "../lib/result";

/** A note as stored. Timestamps are ISO 8601 UTC strings. */
export interface Note {
  id: string;
  title: string;
  /** Markdown. */
  body: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  /** Starts at 1 and grows by one on every update: the optimistic-concurrency token. */
  version: number;
}

export type NoteSummary = Omit<Note, "body"> & {
  /** Body length in characters. */
  chars: number;
};

export interface SearchHit extends NoteSummary {
  /** A short excerpt with matches wrapped in `**…**` (markdown bold). */
  snippet: string;
  /** bm25 score, lower is better (as SQLite reports it). */
  score: number;
}

export interface NoteInput {
  title: string;
  body: string;
  tags?: string[];
}

export interface NoteUpdate {
  id: string;
  /** The version the caller read; the update is refused if the note has moved on. */
  expectedVersion: number;
  title?: string;
  body?: string;
  tags?: string[];
}

export interface FileInfo {
  id: string;
  name: string;
  /** The content type sniffed from the bytes (or the declared one for text the sniffer cannot tell). */
  contentType: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  createdAt: string;
}

export interface FileInput {
  name: string;
  /** What the caller says the type is; checked against the bytes. */
  declaredType?: string;
  bytes: Uint8Array;
}

export interface Usage {
  notes: number;
  files: number;
  fileBytes: number;
  quotaBytes: number;
  fileMaxBytes: number;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow: pass it back as `cursor`. */
  nextCursor?: string;
  /** Items after this page, when the store can count them cheaply. */
  remaining?: number;
}

export type WorkspaceErrorCode =
  /** Nothing with that id (or it belongs to someone else, which looks the same). */
  | "not_found"
  /** `expectedVersion` is stale; `current` says what the note is now. */
  | "conflict"
  /** Input breaks a documented limit or rule; the message names it. */
  | "invalid"
  /** A cursor this store did not issue. */
  | "invalid_cursor"
  /** One file over the per-file limit. */
  | "too_large"
  /** The upload would take the user over the quota. */
  | "quota";

export interface WorkspaceError {
  code: WorkspaceErrorCode;
  /** Written for Claude: says what went wrong and what to do next. */
  message: string;
  current?: NoteSummary;
}

export type Result<T> = LibResult<T, WorkspaceError>;

/**
 * The Workspace object's RPC surface. The toolkit reaches it with
 * `env.WORKSPACE.get(env.WORKSPACE.idFromName(props.userId))`.
 */
export interface WorkspaceApi {
  createNote(input: NoteInput): Promise<Result<Note>>;
  getNote(id: string): Promise<Result<Note>>;
  updateNote(update: NoteUpdate): Promise<Result<Note>>;
  /** With `expectedVersion`, refuses to delete a note that changed since it was read. */
  deleteNote(id: string, expectedVersion?: number): Promise<Result<{ id: string }>>;
  /** Full-text search (FTS5 + bm25): words, "phrases", prefix*, tag:x, AND/OR/NOT; invalid syntax is read as plain words. */
  searchNotes(options: { query: string; limit?: number; cursor?: string }): Promise<Result<Page<SearchHit>>>;
  listNotes(options: {
    tag?: string;
    order?: "updated" | "created" | "title";
    limit?: number;
    cursor?: string;
    updatedSince?: string;
  }): Promise<Result<Page<NoteSummary>>>;
  listTags(): Promise<Result<{ tag: string; count: number }[]>>;
  /** Added by the store (additive): tags starting with `prefix` (case-insensitive, a leading `#` ignored), most used first, for prompt argument completion. */
  completeTags(prefix: string, limit?: number): Promise<Result<string[]>>;
  /** Notes whose title starts with `prefix` (case-insensitive), for completion. */
  completeTitles(prefix: string, limit?: number): Promise<Result<{ id: string; title: string }[]>>;
  /** All-or-nothing: either every note in the batch is created or none is. */
  importNotes(notes: NoteInput[]): Promise<Result<NoteSummary[]>>;
  /** Full notes, page by page, oldest first: the export bundle is built from these. */
  exportNotes(options: { limit?: number; cursor?: string }): Promise<Result<Page<Note>>>;

  putFile(input: FileInput): Promise<Result<FileInfo>>;
  getFileInfo(id: string): Promise<Result<FileInfo>>;
  getFile(id: string): Promise<Result<{ info: FileInfo; bytes: Uint8Array }>>;
  listFiles(options: { limit?: number; cursor?: string }): Promise<Result<Page<FileInfo>>>;
  deleteFile(id: string): Promise<Result<{ id: string }>>;
  /** File names starting with `prefix` (case-insensitive), for completion. */
  completeFileNames(prefix: string, limit?: number): Promise<Result<{ id: string; name: string }[]>>;
  usage(): Promise<Usage>;

  /** A 2025-era session (its object id) hears about resource changes for a while (session-watchers.ts). */
  watchChanges(sessionObjectId: string): Promise<boolean>;
  unwatchChanges(sessionObjectId: string): Promise<void>;
}
