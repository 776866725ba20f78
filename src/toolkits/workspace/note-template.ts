import { defineResourceTemplate, invalidCursor, resourceNotFound } from "../../mcp/define";
import { noteUri } from "../../workspace/changes";
import { isId } from "../../workspace/ids";
import { completeNoteId } from "./completers";
import { noteDocument } from "./format";
import { WORKSPACE_READ } from "./scopes";
import { openWorkspace } from "./workspace-client";

/** Members per resources/list page. */
const LIST_PAGE = 50;

export const noteTemplate = defineResourceTemplate({
  name: "note",
  title: "Workspace note",
  description: "A note from the user's workspace as markdown, with its title, tags, dates and version in front matter.",
  uriTemplate: "note://{id}",
  mimeType: "text/markdown",
  scope: WORKSPACE_READ,
  live: true,
  async list(ctx, cursor) {
    const result = await openWorkspace(ctx).listNotes({ order: "updated", limit: LIST_PAGE, cursor });
    if (!result.ok) {
      if (result.error.code === "invalid_cursor") throw invalidCursor();
      throw new Error(result.error.message);
    }
    return {
      resources: result.value.items.map((note) => ({
        uri: noteUri(note.id),
        name: note.title || note.id,
        title: note.title || note.id,
        mimeType: "text/markdown",
        description: `Updated ${note.updatedAt}${note.tags.length ? `; tags: ${note.tags.join(", ")}` : ""}`,
      })),
      ...(result.value.nextCursor && { nextCursor: result.value.nextCursor }),
    };
  },
  complete: { id: completeNoteId },
  async read(uri, { id }, ctx) {
    const result = isId("note", id) ? await openWorkspace(ctx).getNote(id) : undefined;
    if (!result?.ok) throw resourceNotFound(uri.href);
    return {
      contents: [{ uri: noteUri(result.value.id), mimeType: "text/markdown", text: noteDocument(result.value) }],
    };
  },
});
