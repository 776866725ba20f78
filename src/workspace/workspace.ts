import { DurableObject } from "cloudflare:workers";
import { readConfig } from "../config";
import type { AuditApi, AuditEntry, AuditInput, AuditSettings } from "./audit";
import { AuditStore } from "./audit-store";
import type { FileInfo, FileInput, Note, NoteInput, NoteSummary, NoteUpdate, Page, Result, SearchHit, Usage, WorkspaceApi } from "./api";
import { FilesStore, type SweepReport } from "./files-store";
import { readStorageLimits } from "./limits";
import { NotesStore } from "./notes-store";
import { migrate } from "./schema";
import { searchNotes } from "./search";
import type { Preferences, PreferencesChange, ScratchEntry, UserStateApi } from "./user-state";
import { UserStateStore } from "./user-state-store";

/**
 * One user's workspace: notes, their full-text index and file metadata in this object's SQLite,
 * file bytes in R2. Named from the stable user id (`idFromName(props.userId)`), so every session of
 * the user reaches the same object and nobody else's. The methods are its RPC surface (api.ts);
 * the logic lives in the stores, this class only wires them to storage.
 */
export class Workspace extends DurableObject<Env> implements WorkspaceApi, UserStateApi, AuditApi {
  protected readonly notes: NotesStore;
  protected readonly files: FilesStore;
  protected readonly userState: UserStateStore;
  protected readonly audit: AuditStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.notes = new NotesStore({ storage: ctx.storage });
    this.userState = new UserStateStore({ storage: ctx.storage });
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
    return this.notes.create(input);
  }

  async getNote(id: string): Promise<Result<Note>> {
    return this.notes.get(id);
  }

  async updateNote(update: NoteUpdate): Promise<Result<Note>> {
    return this.notes.update(update);
  }

  async deleteNote(id: string, expectedVersion?: number): Promise<Result<{ id: string }>> {
    return this.notes.delete(id, expectedVersion);
  }

  async searchNotes(options: { query: string; limit?: number; cursor?: string }): Promise<Result<Page<SearchHit>>> {
    return searchNotes(this.ctx.storage.sql, options);
  }

  async listNotes(options: { tag?: string; order?: "updated" | "created" | "title"; limit?: number; cursor?: string; updatedSince?: string } = {}): Promise<Result<Page<NoteSummary>>> {
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
    return this.notes.importMany(notes);
  }

  async exportNotes(options: { limit?: number; cursor?: string } = {}): Promise<Result<Page<Note>>> {
    return this.notes.export(options);
  }

  async putFile(input: FileInput): Promise<Result<FileInfo>> {
    return this.files.put(input);
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
    return this.files.delete(id);
  }

  async completeFileNames(prefix: string, limit?: number): Promise<Result<{ id: string; name: string }[]>> {
    return this.files.completeNames(prefix, limit);
  }

  async usage(): Promise<Usage> {
    return { notes: this.notes.count(), ...this.files.usage(), quotaBytes: this.files.limits.quotaBytes, fileMaxBytes: this.files.limits.fileMaxBytes };
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

  async recordAudit(input: AuditInput): Promise<void> {
    this.audit.record(input);
  }

  async auditPage(options: { limit?: number; cursor?: string } = {}): Promise<{ entries: AuditEntry[]; nextCursor?: string } | undefined> {
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
