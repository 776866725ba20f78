import { z } from "zod";
import { defineTool, UserError } from "../../mcp/define";
import { quoted } from "./format";
import { noteId } from "./schemas";
import { WORKSPACE_WRITE } from "./scopes";
import { describeError, openWorkspace } from "./workspace-client";

export const notesDelete = defineTool({
  name: "notes_delete",
  title: "Delete a note",
  description:
    "Delete a note from the user's workspace for good (there is no trash). Pass expectedVersion to delete it only " +
    "if it has not changed since you read it. Confirm with the user before deleting notes they did not ask to remove.",
  scope: WORKSPACE_WRITE,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({
    id: noteId,
    expectedVersion: z.number().int().min(1).optional().describe("Refuse if the note is no longer at this version."),
  }),
  output: z.object({ id: z.string(), deleted: z.boolean() }),
  async confirm({ id }, ctx) {
    const note = await openWorkspace(ctx).getNote(id);
    // Nothing to delete: the handler says so without bothering the user.
    if (!note.ok) return undefined;
    const { title, version, updatedAt } = note.value;
    return {
      message: `Delete the note "${quoted(title)}" (version ${version}, last changed ${updatedAt.slice(0, 10)}) for good? There is no trash.`,
    };
  },
  async handler({ id, expectedVersion }, ctx) {
    const result = await openWorkspace(ctx).deleteNote(id, expectedVersion);
    if (!result.ok) {
      const { error } = result;
      if (error.code === "conflict" && error.current) {
        throw new UserError(
          `Note ${id} changed since you read it: it is now version ${error.current.version} (updated ${error.current.updatedAt}). ` +
            "Nothing was deleted. Read it again with notes_get and ask the user whether it should still go.",
        );
      }
      throw new UserError(
        describeError(error, { not_found: "It may already be deleted; call notes_list to see what exists." }),
      );
    }
    return { data: { id, deleted: true }, text: `Deleted note ${id}.` };
  },
});
