import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { definePrompt, type ToolContext } from "../../mcp/define";
import type { NoteSummary } from "../../workspace/api";
import { NOTE_LIMITS } from "../../workspace/limits";
import { completeTag } from "./completers";
import { embedNotes, PROMPT_LIMITS } from "./prompt-notes";
import { WORKSPACE_READ } from "./scopes";
import { describeError, openWorkspace } from "./workspace-client";

export const summarizeNotes = definePrompt({
  name: "summarize_notes",
  title: "Summarize notes",
  description: `Summarize the notes with a tag, or those matching a search, up to ${PROMPT_LIMITS.notes} notes embedded in the prompt.`,
  scope: WORKSPACE_READ,
  args: {
    tag: z.string().max(NOTE_LIMITS.tagChars).optional().describe("Summarize the notes with this tag."),
    query: z.string().max(NOTE_LIMITS.queryChars).optional().describe("Or: summarize the notes matching this search (notes_search syntax)."),
  },
  complete: { tag: completeTag },
  async get({ tag, query }, ctx) {
    if (!tag === !query) throw new McpError(ErrorCode.InvalidParams, "Pass either tag or query (not both), to say which notes to summarize.");
    const summaries = await matching(ctx, tag, query);
    const what = tag ? `tagged "${tag}"` : `matching the search ${JSON.stringify(query)}`;
    if (summaries.length === 0) {
      return {
        description: `No notes ${what}`,
        messages: [{ role: "user", content: { type: "text", text: `I asked for a summary of my notes ${what}, but there are none. Tell me so, and suggest notes_tags or a broader search.` } }],
      };
    }
    const { messages, embedded, shortened } = await embedNotes(summaries, ctx);
    const intro =
      `Summarize my ${embedded} notes ${what}, attached below as resources. Group related points, keep names, dates and ` +
      "numbers exact, list open questions or to-dos separately, and cite each point's note by title." +
      (shortened ? ` ${shortened} note(s) were shortened to fit; say so if it matters.` : "");
    return { description: `Summary of ${embedded} notes ${what}`, messages: [{ role: "user", content: { type: "text", text: intro } }, ...messages] };
  },
});

async function matching(ctx: ToolContext, tag: string | undefined, query: string | undefined): Promise<NoteSummary[]> {
  const workspace = openWorkspace(ctx);
  const result = tag
    ? await workspace.listNotes({ tag, order: "updated", limit: PROMPT_LIMITS.notes })
    : await workspace.searchNotes({ query: query ?? "", limit: PROMPT_LIMITS.notes });
  if (!result.ok) throw new McpError(ErrorCode.InvalidParams, describeError(result.error));
  return result.value.items;
}
