import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { summarize, tagList } from "./format";
import { body, noteSummary, tags, title } from "./schemas";
import { WORKSPACE_WRITE } from "./scopes";
import { expectOk, openWorkspace } from "./workspace-client";

export const notesCreate = defineTool({
  name: "notes_create",
  title: "Create a note",
  description:
    "Save a new markdown note in the user's private workspace, which every Claude app they connect shares " +
    "(a note saved here on mobile is found from Claude Code later). Give it a title, a markdown body and optional tags. " +
    "Returns the note's id and version 1; search it later with notes_search.",
  scope: WORKSPACE_WRITE,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.object({ title: title.min(1), body, tags: tags.optional() }),
  output: noteSummary,
  async handler(input, ctx) {
    const note = expectOk(await openWorkspace(ctx).createNote(input));
    return {
      data: summarize(note),
      text: `Saved "${note.title}" as ${note.id} (version ${note.version}, ${tagList(note.tags)}).`,
    };
  },
});
