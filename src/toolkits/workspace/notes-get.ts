import { z } from "zod";
import { defineTool, UserError } from "../../mcp/define";
import { fitsCap, partEnd } from "../../mcp/fit-reply";
import { tagList } from "./format";
import { noteId } from "./schemas";
import { readOnly, WORKSPACE_READ } from "./scopes";
import { expectOk, openWorkspace } from "./workspace-client";

export const notesGet = defineTool({
  name: "notes_get",
  title: "Read a note",
  description:
    "Read one note from the user's workspace by id: title, markdown body, tags, timestamps and its version " +
    "(pass that version to notes_update). A very long body comes in parts: when bodyTruncated is true, call " +
    "again with offset set to nextOffset.",
  scope: WORKSPACE_READ,
  annotations: readOnly,
  input: z.object({
    id: noteId,
    offset: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Character of the body to start from (default 0), for long notes."),
  }),
  output: z.object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    tags: z.array(z.string()),
    version: z.number().int(),
    chars: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    offset: z.number().int(),
    bodyTruncated: z.boolean(),
    nextOffset: z.number().int().optional(),
  }),
  async handler({ id, offset = 0 }, ctx) {
    const note = expectOk(await openWorkspace(ctx).getNote(id), {
      not_found: "Call notes_search or notes_list to find the note's id.",
    });
    const characters = [...note.body];
    if (offset > 0 && offset >= characters.length) {
      throw new UserError(
        `offset ${offset} is past the end of this note's body (${characters.length} characters); use an offset below that, or omit it.`,
      );
    }
    const reply = (end: number) => {
      const part = characters.slice(offset, end).join("");
      const truncated = end < characters.length;
      const header =
        `# ${note.title}\n${note.id} · version ${note.version} · ${tagList(note.tags)} · updated ${note.updatedAt}` +
        (offset > 0 || truncated ? ` · characters ${offset}-${end} of ${characters.length}` : "");
      const footer = truncated ? `\n\n[Body continues: call notes_get with offset ${end}.]` : "";
      return {
        data: {
          id: note.id,
          title: note.title,
          body: part,
          tags: note.tags,
          version: note.version,
          chars: characters.length,
          createdAt: note.createdAt,
          updatedAt: note.updatedAt,
          offset,
          bodyTruncated: truncated,
          ...(truncated && { nextOffset: end }),
        },
        text: `${header}\n\n${part}${footer}`,
      };
    };
    // The body goes out twice (text and structured data), both counted by the cap.
    const fits = fitsCap(ctx);
    return reply(partEnd(characters.length, offset, (end) => fits(reply(end))));
  },
});
