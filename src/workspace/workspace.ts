import { DurableObject } from "cloudflare:workers";
import type { Note, NoteInput, NoteSummary, NoteUpdate, Page, Result, SearchHit } from "./api";
import { NotesStore } from "./notes-store";
import { migrate } from "./schema";
import { searchNotes } from "./search";

/**
 * One user's workspace: notes, their full-text index and file metadata in this object's SQLite,
 * file bytes in R2. Named from the stable user id (`idFromName(props.userId)`), so every session of
 * the user reaches the same object and nobody else's. The methods are its RPC surface (api.ts);
 * the logic lives in the stores, this class only wires them to storage.
 */
export class Workspace extends DurableObject<Env> {
  protected readonly notes: NotesStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.notes = new NotesStore({ storage: ctx.storage });
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
}
