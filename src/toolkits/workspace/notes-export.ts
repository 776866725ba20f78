import { z } from "zod";
import { decodeCursor, encodeCursor, MAX_CURSOR_CHARS } from "../../lib/cursor";
import { defineTool, type ToolContext, UserError } from "../../mcp/define";
import { estimateTokens } from "../../mcp/token-estimate";
import type { Note } from "../../workspace/api";
import { bundleEntry, bundleHeader, oversizedEntry } from "./bundle";
import { readOnly, WORKSPACE_READ } from "./scopes";
import { expectOk, openWorkspace } from "./workspace-client";

/** Notes fetched from the store per round trip while a page is filled. */
const FETCH = 20;
/** Estimated tokens kept for the structured data, the text copy and the resource's own fields (all small and bounded). */
const RESULT_OVERHEAD = 600;

interface ExportPosition {
  /** The store's cursor for the page being read (absent: the first page). */
  storeCursor?: string;
  /** Notes of that page already exported. */
  skip: number;
  /** Part number, for the bundle's header. */
  part: number;
}

const isExportPosition = (value: unknown): value is ExportPosition => {
  if (typeof value !== "object" || value === null) return false;
  const { storeCursor, skip, part } = value as Record<string, unknown>;
  return (
    (storeCursor === undefined || typeof storeCursor === "string") &&
    Number.isSafeInteger(skip) &&
    (skip as number) >= 0 &&
    Number.isSafeInteger(part) &&
    (part as number) >= 1
  );
};

export const notesExport = defineTool({
  name: "notes_export",
  title: "Export notes",
  description:
    "Export the user's notes, oldest first, as one markdown document (YAML front matter with id, title, tags, dates " +
    "and version before each body) that the user can keep or import again with notes_import. A large workspace " +
    "comes in parts: when nextCursor is present, call again with it for the next part.",
  scope: WORKSPACE_READ,
  annotations: readOnly,
  input: z.object({
    cursor: z
      .string()
      .max(MAX_CURSOR_CHARS)
      .optional()
      .describe("nextCursor from the previous part; omit for the first."),
  }),
  output: z.object({
    part: z.number().int(),
    notes: z.number().int(),
    chars: z.number().int(),
    uri: z.string(),
    nextCursor: z.string().optional(),
  }),
  async handler({ cursor }, ctx) {
    const start = cursor === undefined ? { skip: 0, part: 1 } : decodeCursor(cursor, isExportPosition);
    if (!start)
      throw new UserError(
        "That cursor is not valid: pass back nextCursor exactly as notes_export returned it, or omit it to start over.",
      );
    const budget = Math.max(600, ctx.config.toolOutputMaxTokens - RESULT_OVERHEAD);
    const exportedAt = new Date().toISOString();
    const header = bundleHeader(exportedAt, start.part);
    const { entries, next } = await fillPart(ctx, start, budget - jsonCost(header));
    const bundle = header + (entries.length === 0 ? "_No notes._\n" : entries.join(""));
    const uri = `workspace://export/notes-${exportedAt.replace(/[:.]/g, "-")}-part-${start.part}.md`;
    const nextCursor = next ? encodeCursor(next) : undefined;
    return {
      data: { part: start.part, notes: entries.length, chars: bundle.length, uri, ...(nextCursor && { nextCursor }) },
      text:
        `Export part ${start.part}: ${entries.length} notes, ${bundle.length.toLocaleString("en-US")} characters, in the attached markdown document.` +
        (nextCursor ? ` More notes follow: call notes_export with cursor "${nextCursor}".` : " That is the last part."),
      content: [{ type: "resource", resource: { uri, mimeType: "text/markdown", text: bundle } }],
    };
  },
});

/** Notes from `start` on, as bundle entries, until the budget is used; and where the next part starts. */
async function fillPart(
  ctx: ToolContext,
  start: ExportPosition,
  budget: number,
): Promise<{ entries: string[]; next?: ExportPosition }> {
  const workspace = openWorkspace(ctx);
  const entries: string[] = [];
  let used = 0;
  let storeCursor = start.storeCursor;
  let skip = start.skip;
  for (;;) {
    const page = expectOk(await workspace.exportNotes({ limit: FETCH, cursor: storeCursor }), {
      invalid_cursor: "Call notes_export without a cursor to start over.",
    });
    const notes: Note[] = page.items.slice(skip);
    for (const [offset, note] of notes.entries()) {
      let entry = bundleEntry(note);
      if (jsonCost(entry) > budget) entry = oversizedEntry(note, [...note.body].length);
      const cost = jsonCost(entry);
      if (used + cost > budget) {
        return {
          entries,
          next: { ...(storeCursor !== undefined && { storeCursor }), skip: skip + offset, part: start.part + 1 },
        };
      }
      entries.push(entry);
      used += cost;
    }
    if (!page.nextCursor) return { entries };
    storeCursor = page.nextCursor;
    skip = 0;
  }
}

/** What text costs under the output cap, which counts an embedded resource as JSON (escapes included), in estimated tokens. */
function jsonCost(text: string): number {
  return estimateTokens(JSON.stringify(text));
}
