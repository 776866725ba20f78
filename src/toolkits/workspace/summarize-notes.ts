import { z } from "zod";
import { definePrompt, invalidParams, type ToolContext } from "../../mcp/define";
import type { NoteSummary } from "../../workspace/api";
import { NOTE_LIMITS } from "../../workspace/limits";
import { completeTag } from "./completers";
import { embedNotes, PROMPT_LIMITS } from "./prompt-notes";
import { WORKSPACE_READ } from "./scopes";
import { describeError, openWorkspace } from "./workspace-client";

export const summarizeNotes = definePrompt({
  name: "summarize_notes",
  title: "Summarize notes",
  description:
    `Summarize notes: those with a tag, those matching a search, both (the search within the tag), or with neither the most recently ` +
    `updated ones; up to ${PROMPT_LIMITS.notes} notes embedded in the prompt.`,
  scope: WORKSPACE_READ,
  args: {
    tag: z.string().max(NOTE_LIMITS.tagChars).optional().describe("Summarize the notes with this tag."),
    query: z
      .string()
      .max(NOTE_LIMITS.queryChars)
      .optional()
      .describe("Summarize the notes matching this search (notes_search syntax)."),
  },
  complete: { tag: completeTag },
  async get({ tag, query }, ctx) {
    const summaries = await matching(ctx, tag || undefined, query?.trim() || undefined);
    const what = describeSelection(tag || undefined, query?.trim() || undefined);
    if (summaries.length === 0) {
      return {
        description: `No notes ${what}`,
        messages: [
          {
            role: "user",
            content: {
              type: "text",
              text: `I asked for a summary of my notes ${what}, but there are none. Tell me so, and suggest notes_tags or a broader search.`,
            },
          },
        ],
      };
    }
    const { messages, embedded, shortened } = await embedNotes(summaries, ctx);
    const intro =
      `Summarize my ${embedded} notes ${what}, attached below as resources. Group related points, keep names, dates and ` +
      "numbers exact, list open questions or to-dos separately, and cite each point's note by title." +
      (shortened ? ` ${shortened} note(s) were shortened to fit; say so if it matters.` : "");
    return {
      description: `Summary of ${embedded} notes ${what}`,
      messages: [{ role: "user", content: { type: "text", text: intro } }, ...messages],
    };
  },
});

function describeSelection(tag: string | undefined, query: string | undefined): string {
  if (tag && query) return `tagged "${tag}" that match the search ${JSON.stringify(query)}`;
  if (tag) return `tagged "${tag}"`;
  if (query) return `matching the search ${JSON.stringify(query)}`;
  return "updated most recently";
}

/** A prompt form may be sent with every optional argument blank: then the latest notes are meant. */
async function matching(ctx: ToolContext, tag: string | undefined, query: string | undefined): Promise<NoteSummary[]> {
  const workspace = openWorkspace(ctx);
  const result = query
    ? await workspace.searchNotes({ query: tag ? `${query} tag:${tag}` : query, limit: PROMPT_LIMITS.notes })
    : await workspace.listNotes({ ...(tag && { tag }), order: "updated", limit: PROMPT_LIMITS.notes });
  if (!result.ok) throw invalidParams(describeError(result.error));
  return result.value.items;
}
