import { z } from "zod";
import { defineTool, type ToolContext, UserError } from "../../mcp/define";
import type { NoteInput, NoteSummary } from "../../workspace/api";
import { NOTE_LIMITS } from "../../workspace/limits";
import { checkBody, checkTags, checkTitle } from "../../workspace/validate";
import { parseBundle } from "./bundle";
import { ARGUMENT_MAX_CHARS, SPLIT_IMPORT } from "./request-limits";
import { WORKSPACE_WRITE } from "./scopes";
import { describeError, openWorkspace } from "./workspace-client";

/** Notes per call: the store's largest single transaction. */
export const IMPORT_MAX_NOTES = NOTE_LIMITS.importBatch;
/** Notes per transaction; progress is reported after each. */
export const IMPORT_BATCH = 25;

/** Over the most one call carries (request-limits.ts): the whole call is refused, saying how to split it. */
const tooLong = (field: string) =>
  `${field} is longer than ${ARGUMENT_MAX_CHARS.toLocaleString("en-US")} characters, the most one notes_import call carries. ${SPLIT_IMPORT}`;

// Items are checked one by one in the handler against the note limits (not by the schema) so one bad
// note is reported and skipped instead of failing the whole call; the schema only bounds each string
// by what one call can carry.
const looseNote = z.object({
  title: z.string().max(ARGUMENT_MAX_CHARS, tooLong("A title")),
  body: z.string().max(ARGUMENT_MAX_CHARS, tooLong("A body")),
  tags: z
    .array(z.string().max(ARGUMENT_MAX_CHARS, tooLong("A tag")))
    .max(1000)
    .optional(),
});

interface Refused {
  index: number;
  title: string;
  reason: string;
}

interface Created {
  index: number;
  id: string;
  title: string;
}

export const notesImport = defineTool({
  name: "notes_import",
  title: "Import notes",
  description:
    `Create many notes in one call: up to ${IMPORT_MAX_NOTES} as a list of {title, body, tags}, or a markdown bundle ` +
    "as notes_export produces it. Every note is checked first; valid ones are saved in batches (each batch all or " +
    "nothing) with progress reported, and the result lists what was created and what was refused and why. " +
    "tags adds tags to every imported note.",
  scope: WORKSPACE_WRITE,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.object({
    notes: z
      .array(looseNote)
      .max(IMPORT_MAX_NOTES, `notes_import takes at most ${IMPORT_MAX_NOTES} notes per call. ${SPLIT_IMPORT}`)
      .optional()
      .describe(
        `The notes, at most ${IMPORT_MAX_NOTES}, together at most ${ARGUMENT_MAX_CHARS.toLocaleString("en-US")} characters.`,
      ),
    bundle: z
      .string()
      .max(ARGUMENT_MAX_CHARS, tooLong("bundle"))
      .optional()
      .describe(
        `A notes_export bundle (markdown with front matter per note), instead of notes; at most ${ARGUMENT_MAX_CHARS.toLocaleString("en-US")} characters.`,
      ),
    tags: z
      .array(z.string().max(NOTE_LIMITS.tagChars))
      .max(NOTE_LIMITS.tagsPerNote)
      .optional()
      .describe('Tags to add to every note, e.g. ["imported"].'),
  }),
  output: z.object({
    createdCount: z.number().int(),
    refusedCount: z.number().int(),
    created: z.array(z.object({ index: z.number().int(), id: z.string(), title: z.string() })),
    refused: z.array(z.object({ index: z.number().int(), title: z.string(), reason: z.string() })),
  }),
  async handler({ notes, bundle, tags: extraTags = [] }, ctx) {
    const inputs = collectInputs(notes, bundle);
    const refused: Refused[] = [];
    const valid: { index: number; note: NoteInput }[] = [];
    inputs.forEach((raw, index) => {
      const note = { title: raw.title.trim(), body: raw.body, tags: mergeTags(raw.tags ?? [], extraTags) };
      const problem = checkNote(note);
      if (problem) refused.push({ index, title: shorten(raw.title), reason: problem });
      else valid.push({ index, note });
    });

    const created = await importInBatches(valid, refused, ctx);
    refused.sort((a, b) => a.index - b.index);
    const lines = [
      `Imported ${created.length} of ${inputs.length} notes${refused.length ? `; ${refused.length} refused` : ""}.`,
      ...created.map((note) => `- created ${note.id}: ${note.title}`),
      ...refused.map((note) => `- refused #${note.index + 1} (${note.title || "untitled"}): ${note.reason}`),
    ];
    return {
      data: { createdCount: created.length, refusedCount: refused.length, created, refused },
      text: lines.join("\n"),
    };
  },
});

function collectInputs(
  notes: z.infer<typeof looseNote>[] | undefined,
  bundle: string | undefined,
): z.infer<typeof looseNote>[] {
  if ((notes === undefined) === (bundle === undefined))
    throw new UserError("Pass either notes (a list) or bundle (a notes_export document), not both or neither.");
  const inputs = notes ?? parseBundle(bundle ?? "");
  if (!inputs) {
    throw new UserError(
      "bundle has no notes in it: each note must start with a --- line, then id: …, as notes_export writes them. To import plain notes, pass notes instead.",
    );
  }
  if (inputs.length === 0) throw new UserError("There are no notes to import.");
  if (inputs.length > IMPORT_MAX_NOTES)
    throw new UserError(
      `The bundle holds ${inputs.length} notes; notes_import takes at most ${IMPORT_MAX_NOTES} per call. ${SPLIT_IMPORT}`,
    );
  return inputs;
}

function mergeTags(own: string[], extra: string[]): string[] {
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const tag of [...own, ...extra].map((value) => value.trim())) {
    if (tag === "" || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    merged.push(tag);
  }
  return merged;
}

/** The first rule a note breaks, in the store's own words (the store checks again; its rules win). */
export function checkNote(note: NoteInput): string | undefined {
  for (const checked of [checkTitle(note.title), checkBody(note.body), checkTags(note.tags)]) {
    if (!checked.ok) return checked.message;
  }
  return undefined;
}

async function importInBatches(
  valid: { index: number; note: NoteInput }[],
  refused: Refused[],
  ctx: ToolContext,
): Promise<Created[]> {
  const workspace = openWorkspace(ctx);
  const created: Created[] = [];
  const record = (items: { index: number }[], saved: NoteSummary[]) =>
    saved.forEach((note, position) =>
      created.push({ index: (items[position] as { index: number }).index, id: note.id, title: note.title }),
    );

  for (let start = 0; start < valid.length; start += IMPORT_BATCH) {
    const batch = valid.slice(start, start + IMPORT_BATCH);
    if (ctx.signal.aborted) {
      for (const item of valid.slice(start))
        refused.push({
          index: item.index,
          title: shorten(item.note.title),
          reason: "not imported: the request was cancelled",
        });
      break;
    }
    const result = await workspace.importNotes(batch.map((item) => item.note));
    if (result.ok) {
      record(batch, result.value);
    } else if (result.error.code === "invalid") {
      // The store refused the batch for a rule checked only there: save the notes one at a time so
      // only the offending ones are refused.
      for (const item of batch) {
        const single = await workspace.importNotes([item.note]);
        if (single.ok) record([item], single.value);
        else refused.push({ index: item.index, title: shorten(item.note.title), reason: describeError(single.error) });
      }
    } else {
      for (const item of valid.slice(start))
        refused.push({ index: item.index, title: shorten(item.note.title), reason: describeError(result.error) });
      break;
    }
    const done = Math.min(start + IMPORT_BATCH, valid.length);
    await ctx.progress(done, valid.length, `Imported ${created.length} of ${valid.length} notes`);
  }
  return created;
}

function shorten(text: string): string {
  const characters = [...text.trim()];
  return characters.length > 80 ? `${characters.slice(0, 79).join("")}…` : characters.join("");
}
