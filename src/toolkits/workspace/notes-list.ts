import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { NOTE_LIMITS } from "../../workspace/limits";
import { fitPage } from "./fit-page";
import { moreLine, noteLine, summarize } from "./format";
import { cursor, noteSummary, pageFields, pageSize } from "./schemas";
import { readOnly, WORKSPACE_READ } from "./scopes";
import { workspaceView } from "./view";
import { expectOk, openWorkspace } from "./workspace-client";

export const notesList = defineTool({
  name: "notes_list",
  title: "List notes",
  description:
    "List the user's notes without their bodies: most recently updated first by default, or by creation date or " +
    "title, optionally only those with one tag. Use notes_tags to see the tags in use and notes_search to find notes by content.",
  scope: WORKSPACE_READ,
  view: workspaceView,
  annotations: readOnly,
  input: z.object({
    tag: z.string().max(NOTE_LIMITS.tagChars).optional().describe("Only notes with this tag."),
    order: z
      .enum(["updated", "created", "title"])
      .optional()
      .describe('"updated" (newest first, default), "created" (newest first) or "title" (A-Z).'),
    limit: pageSize(),
    cursor,
  }),
  output: z.object({ notes: z.array(noteSummary), ...pageFields }),
  async handler({ tag, order = "updated", limit, cursor }, ctx) {
    const workspace = openWorkspace(ctx);
    return fitPage(
      ctx,
      async (fitted) => expectOk(await workspace.listNotes({ tag, order, limit: fitted ?? limit, cursor })),
      (page) => {
        const notes = page.items.map(summarize);
        const text =
          notes.length === 0
            ? cursor
              ? "No more notes."
              : tag
                ? `No notes are tagged "${tag}". Call notes_tags to see the tags in use.`
                : "The workspace has no notes yet. Create one with notes_create."
            : notes.map(noteLine).join("\n") + moreLine(page, "notes_list");
        return {
          data: {
            notes,
            returned: notes.length,
            ...(page.nextCursor && { nextCursor: page.nextCursor }),
            ...(page.remaining !== undefined && { remaining: page.remaining }),
          },
          text,
        };
      },
    );
  },
});
