import { z } from "zod";
import { defineTool, UserError } from "../../mcp/define";
import { summarize, tagList } from "./format";
import { body, noteId, noteSummary, tags, title } from "./schemas";
import { WORKSPACE_WRITE } from "./scopes";
import { describeError, openWorkspace } from "./workspace-client";

export const notesUpdate = defineTool({
  name: "notes_update",
  title: "Update a note",
  description:
    "Change a note's title, body or tags; fields you leave out stay as they are, and tags replace the old list. " +
    "Pass expectedVersion, the version notes_get returned: if the note changed since you read it, nothing is " +
    "overwritten and the error gives the current version, so you can read it again and merge.",
  scope: WORKSPACE_WRITE,
  // Overwrites the previous text (no history is kept); repeating the call only meets the version check.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({
    id: noteId,
    expectedVersion: z
      .number()
      .int()
      .min(1)
      .describe("The version you read (from notes_get, notes_list or notes_search)."),
    title: title.min(1).optional(),
    body: body.optional(),
    tags: tags.optional(),
  }),
  output: noteSummary,
  async handler({ id, expectedVersion, title, body, tags }, ctx) {
    if (title === undefined && body === undefined && tags === undefined) {
      throw new UserError("Nothing to change: pass at least one of title, body or tags.");
    }
    const result = await openWorkspace(ctx).updateNote({ id, expectedVersion, title, body, tags });
    if (!result.ok) {
      const { error } = result;
      if (error.code === "conflict" && error.current) {
        throw new UserError(
          `Note ${id} changed since you read it: it is now version ${error.current.version} (updated ${error.current.updatedAt}), ` +
            `not version ${expectedVersion}. Nothing was overwritten. Call notes_get to read the current text, merge your change ` +
            `into it, and call notes_update again with expectedVersion ${error.current.version}.`,
        );
      }
      throw new UserError(
        describeError(error, { not_found: "Call notes_search or notes_list to find the note's id." }),
      );
    }
    const note = result.value;
    return {
      data: summarize(note),
      text: `Updated "${note.title}" (${note.id}) to version ${note.version}, ${tagList(note.tags)}.`,
    };
  },
});
