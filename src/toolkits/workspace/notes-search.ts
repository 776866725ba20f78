import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { NOTE_LIMITS } from "../../workspace/limits";
import { fitPage } from "./fit-page";
import { moreLine, tagList } from "./format";
import { cursor, pageFields, pageSize } from "./schemas";
import { readOnly, WORKSPACE_READ } from "./scopes";
import { workspaceView } from "./view";
import { expectOk, openWorkspace } from "./workspace-client";

const DEFAULT_HITS = 10;

export const notesSearch = defineTool({
  name: "notes_search",
  title: "Search notes",
  description:
    "Full-text search over the user's notes, best matches first, each with a snippet (matches in **bold**). " +
    'Syntax: words (all must match), "exact phrases", prefix* (e.g. meet*), tag:work, and OR / NOT / AND between ' +
    "terms, e.g. `budget OR invoice NOT draft`. Text that is not valid syntax is searched as plain words. " +
    "Use notes_get to read a hit in full.",
  scope: WORKSPACE_READ,
  view: workspaceView,
  annotations: readOnly,
  input: z.object({
    query: z
      .string()
      .min(1)
      .max(NOTE_LIMITS.queryChars)
      .describe(`What to look for, at most ${NOTE_LIMITS.queryChars} characters.`),
    limit: pageSize(DEFAULT_HITS),
    cursor,
  }),
  output: z.object({
    query: z.string(),
    hits: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        snippet: z.string(),
        tags: z.array(z.string()),
        version: z.number().int(),
        updatedAt: z.string(),
        score: z.number(),
      }),
    ),
    ...pageFields,
  }),
  async handler({ query, limit = DEFAULT_HITS, cursor }, ctx) {
    const workspace = openWorkspace(ctx);
    return fitPage(
      ctx,
      async (fitted) => expectOk(await workspace.searchNotes({ query, limit: fitted ?? limit, cursor })),
      (page) => {
        const hits = page.items.map((hit) => ({
          id: hit.id,
          title: hit.title,
          snippet: hit.snippet,
          tags: hit.tags,
          version: hit.version,
          updatedAt: hit.updatedAt,
          score: hit.score,
        }));
        const text =
          hits.length === 0
            ? cursor
              ? "No more matches."
              : `No notes match ${JSON.stringify(query)}. Try fewer or broader words, a prefix such as plan*, or notes_list to browse.`
            : hits
                .map(
                  (hit, index) =>
                    `${index + 1}. ${hit.title || "(untitled)"} — ${hit.id}, v${hit.version}, ${tagList(hit.tags)}\n   ${hit.snippet.replace(/\s+/g, " ")}`,
                )
                .join("\n") + moreLine(page, "notes_search");
        return {
          data: {
            query,
            hits,
            returned: hits.length,
            ...(page.nextCursor && { nextCursor: page.nextCursor }),
            ...(page.remaining !== undefined && { remaining: page.remaining }),
          },
          text,
        };
      },
    );
  },
});
