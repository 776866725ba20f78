import { DurableObject } from "cloudflare:workers";
import { readConfig } from "../config";
import type {
  FileInfo,
  FileInput,
  Note,
  NoteInput,
  NoteSummary,
  NoteUpdate,
  Page,
  Result,
  SearchHit,
  Usage,
  WorkspaceApi,
} from "./api";
import type { AuditApi, AuditEntry, AuditInput, AuditSettings } from "./audit";
import { AuditStore } from "./audit-store";
import { CHANGE_FEED_PATH, ChangeFeed } from "./change-feed";
import { fileUri, noteUri, type ResourceChange } from "./changes";
import { type ConfirmationsApi, ConfirmationsStore } from "./confirmations-store";
import { FilesStore, type SweepReport } from "./files-store";
import { readStorageLimits } from "./limits";
import { NotesStore } from "./notes-store";
import { migrate } from "./schema";
import { searchNotes } from "./search";
import { SessionWatchers } from "./session-watchers";
import type { Preferences, PreferencesChange, ScratchEntry, UserStateApi } from "./user-state";
import { UserStateStore } from "./user-state-store";

const LIST_CHANGED: ResourceChange = { kind: "resources_list_changed" };

/**
 * One user's workspace: notes, their full-text index and file metadata in this object's SQLite,
 * file bytes in R2. Named from the stable user id (`idFromName(props.userId)`), so every session of
 * the user reaches the same object and nobody else's. The methods are its RPC surface (api.ts);
 * the logic lives in the stores, this class only wires them to storage.
 */
export class Workspace extends DurableObject<Env> implements WorkspaceApi, UserStateApi, ConfirmationsApi, AuditApi {
  protected readonly notes: NotesStore;
  protected readonly files: FilesStore;
  protected readonly userState: UserStateStore;
  protected readonly confirmations: ConfirmationsStore;
  protected readonly audit: AuditStore;
  /** Live listeners (MCP `subscriptions/listen` streams of this user), told about every write. */
  protected readonly changes: ChangeFeed;
  /** 2025-era sessions of this user, told about every write over RPC. */
  protected readonly watchers: SessionWatchers;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.notes = new NotesStore({ storage: ctx.storage });
    this.userState = new UserStateStore({ storage: ctx.storage });
    this.confirmations = new ConfirmationsStore({ storage: ctx.storage });
    this.changes = new ChangeFeed(ctx);
    this.watchers = new SessionWatchers(ctx.storage.kv, env.MCP_OBJECT);
    this.audit = new AuditStore({ storage: ctx.storage, retentionDays: readConfig(env).auditRetentionDays });
    this.files = new FilesStore({
      storage: ctx.storage,
      bucket: env.FILES,
      // The object id, not the user id: stable per user, and no personal data in object keys.
      prefix: `users/${ctx.id.toString()}/files/`,
      limits: readStorageLimits(env),
    });
    // Before the first request runs: no caller ever sees a half-migrated schema.
    void ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage);
    });
  }

  async createNote(input: NoteInput): Promise<Result<Note>> {
    return this.announce(this.notes.create(input), () => [LIST_CHANGED]);
  }

  async getNote(id: string): Promise<Result<Note>> {
    return this.notes.get(id);
  }

  async updateNote(update: NoteUpdate): Promise<Result<Note>> {
    // The list entry changes too: it shows the update time and tags, and the list is ordered by update.
    return this.announce(this.notes.update(update), (note) => [
      LIST_CHANGED,
      { kind: "resource_updated", uri: noteUri(note.id) },
    ]);
  }

  async deleteNote(id: string, expectedVersion?: number): Promise<Result<{ id: string }>> {
    return this.announce(this.notes.delete(id, expectedVersion), (deleted) => [
      LIST_CHANGED,
      { kind: "resource_updated", uri: noteUri(deleted.id) },
    ]);
  }

  async searchNotes(options: { query: string; limit?: number; cursor?: string }): Promise<Result<Page<SearchHit>>> {
    return searchNotes(this.ctx.storage.sql, options);
  }

  async listNotes(
    options: {
      tag?: string;
      order?: "updated" | "created" | "title";
      limit?: number;
      cursor?: string;
      updatedSince?: string;
    } = {},
  ): Promise<Result<Page<NoteSummary>>> {
    return this.notes.list(options);
  }

  async listTags(): Promise<Result<{ tag: string; count: number }[]>> {
    return this.notes.tags();
  }

  async completeTags(prefix: string, limit?: number): Promise<Result<string[]>> {
    return this.notes.completeTags(prefix, limit);
  }

  async completeTitles(prefix: string, limit?: number): Promise<Result<{ id: string; title: string }[]>> {
    return this.notes.completeTitles(prefix, limit);
  }

  async importNotes(notes: NoteInput[]): Promise<Result<NoteSummary[]>> {
    return this.announce(this.notes.importMany(notes), (created) => (created.length > 0 ? [LIST_CHANGED] : []));
  }

  async exportNotes(options: { limit?: number; cursor?: string } = {}): Promise<Result<Page<Note>>> {
    return this.notes.export(options);
  }

  async putFile(input: FileInput): Promise<Result<FileInfo>> {
    return this.announce(await this.files.put(input), () => [LIST_CHANGED]);
  }

  async getFileInfo(id: string): Promise<Result<FileInfo>> {
    return this.files.info(id);
  }

  async getFile(id: string): Promise<Result<{ info: FileInfo; bytes: Uint8Array }>> {
    return this.files.get(id);
  }

  async listFiles(options: { limit?: number; cursor?: string } = {}): Promise<Result<Page<FileInfo>>> {
    return this.files.list(options);
  }

  async deleteFile(id: string): Promise<Result<{ id: string }>> {
    return this.announce(await this.files.delete(id), (deleted) => [
      LIST_CHANGED,
      { kind: "resource_updated", uri: fileUri(deleted.id) },
    ]);
  }

  async completeFileNames(prefix: string, limit?: number): Promise<Result<{ id: string; name: string }[]>> {
    return this.files.completeNames(prefix, limit);
  }

  async usage(): Promise<Usage> {
    return {
      notes: this.notes.count(),
      ...this.files.usage(),
      quotaBytes: this.files.limits.quotaBytes,
      fileMaxBytes: this.files.limits.fileMaxBytes,
    };
  }

  async readPreferences(): Promise<Preferences> {
    return this.userState.readPreferences();
  }

  async updatePreferences(change: PreferencesChange): Promise<Preferences> {
    return this.userState.updatePreferences(change);
  }

  async createScratchpad(): Promise<string> {
    return this.userState.createScratchpad();
  }

  async readScratchpad(handle: string): Promise<ScratchEntry[] | null> {
    return this.userState.readScratchpad(handle);
  }

  async writeScratchpad(handle: string, entries: ScratchEntry[]): Promise<boolean> {
    return this.userState.writeScratchpad(handle, entries);
  }

  async confirmationKey(): Promise<Uint8Array> {
    return this.confirmations.key();
  }

  async spendConfirmation(id: string, expiresAt: number): Promise<boolean> {
    return this.confirmations.spend(id, expiresAt);
  }

  /** A listener opening the change feed (a WebSocket upgrade from the worker; see change-feed.ts). */
  override async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === CHANGE_FEED_PATH) return this.changes.open(request);
    return Response.json({ error: "not_found", message: "Nothing here." }, { status: 404 });
  }

  /** Listeners only listen: anything they send is ignored. */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(socket: WebSocket, code: number): Promise<void> {
    this.changes.closed(socket, code);
  }

  override async webSocketError(socket: WebSocket): Promise<void> {
    this.changes.closed(socket, 1011);
  }

  /** How many listeners are connected (the limit's and cleanup's tests read it). */
  async listenerCount(): Promise<number> {
    return this.changes.count();
  }

  /** A 2025-era session (its object id) asks to hear about changes while it is in use. */
  async watchChanges(sessionObjectId: string): Promise<boolean> {
    return this.watchers.watch(sessionObjectId, Date.now());
  }

  /** A session that ends stops hearing at once. */
  async unwatchChanges(sessionObjectId: string): Promise<void> {
    this.watchers.unwatch(sessionObjectId);
  }

  /** The 2025-era sessions that hear about changes now (tests read it). */
  async watchingSessions(): Promise<string[]> {
    return this.watchers.live(Date.now());
  }

  /** Tell listeners and sessions what a successful write changed; a refused write changed nothing. */
  private announce<T>(result: Result<T>, changes: (value: T) => ResourceChange[]): Result<T> {
    if (!result.ok) return result;
    const announced = changes(result.value);
    this.changes.publish(announced);
    this.watchers.announce(announced, Date.now(), (promise) => this.ctx.waitUntil(promise));
    return result;
  }

  async recordAudit(input: AuditInput): Promise<void> {
    this.audit.record(input);
  }

  async auditPage(
    options: { limit?: number; cursor?: string } = {},
  ): Promise<{ entries: AuditEntry[]; nextCursor?: string } | undefined> {
    return this.audit.page(options);
  }

  async auditExport(): Promise<AuditEntry[]> {
    return this.audit.exportAll();
  }

  async auditSettings(): Promise<AuditSettings> {
    return this.audit.settings();
  }

  async updateAuditSettings(settings: AuditSettings): Promise<AuditSettings> {
    return this.audit.updateSettings(settings);
  }

  async lastToolCallByGrant(): Promise<Record<string, number>> {
    return this.audit.lastToolCallByGrant();
  }

  /** The sweeper: removes what interrupted uploads and deletes left, and re-arms while anything waits. */
  override async alarm(): Promise<void> {
    await this.sweep();
  }

  protected async sweep(): Promise<SweepReport> {
    const report = await this.files.sweep();
    const next = this.files.nextSweepAt();
    if (next !== undefined) await this.ctx.storage.setAlarm(Math.max(next, Date.now() + 1000));
    return report;
  }
}
