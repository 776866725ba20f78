/**
 * Notes embedded in prompt messages as resources (MCP "Prompts": embedded resources), within a count
 * and size bound so a prompt never floods the context.
 */

import type { ToolContext } from "../../mcp/define";
import type { PromptMessage } from "../../mcp/wire";
import type { NoteSummary } from "../../workspace/api";
import { noteDocument } from "./format";
import { openWorkspace } from "./workspace-client";

export const PROMPT_LIMITS = {
  /** Notes embedded in one prompt. */
  notes: 20,
  /** Characters of note text embedded in one prompt, across all notes. */
  chars: 60_000,
} as const;

/** One user message per note, each carrying the note as an embedded `note://` resource. */
export async function embedNotes(
  summaries: NoteSummary[],
  ctx: ToolContext,
): Promise<{ messages: PromptMessage[]; embedded: number; shortened: number }> {
  const workspace = openWorkspace(ctx);
  const messages: PromptMessage[] = [];
  let budget: number = PROMPT_LIMITS.chars;
  let shortened = 0;
  for (const summary of summaries.slice(0, PROMPT_LIMITS.notes)) {
    if (budget <= 0) break;
    const result = await workspace.getNote(summary.id);
    if (!result.ok) continue; // deleted since it was listed
    let text = noteDocument(result.value);
    if (text.length > budget) {
      text = `${text.slice(0, budget)}\n\n[Shortened to fit this prompt: read note://${summary.id} for the rest.]\n`;
      shortened++;
    }
    budget -= text.length;
    messages.push({
      role: "user",
      content: { type: "resource", resource: { uri: `note://${summary.id}`, mimeType: "text/markdown", text } },
    });
  }
  return { messages, embedded: messages.length, shortened };
}
