import { z } from "zod";
import { definePrompt, invalidParams } from "../../mcp/define";
import { NOTE_LIMITS } from "../../workspace/limits";
import { completeTag } from "./completers";
import { noteLine } from "./format";
import { embedNotes, PROMPT_LIMITS } from "./prompt-notes";
import { WORKSPACE_READ } from "./scopes";
import { describeError, openWorkspace } from "./workspace-client";

export const REVIEW_DAYS = { default: 7, min: 1, max: 90 } as const;
/** Notes listed by title (beyond those embedded) in one review. */
const LISTED = 100;

export const weeklyReview = definePrompt({
  name: "weekly_review",
  title: "Weekly review",
  description: `Review the notes changed in the last few days (default ${REVIEW_DAYS.default}, up to ${REVIEW_DAYS.max}): what moved, what is open, what to do next.`,
  scope: WORKSPACE_READ,
  args: {
    days: z
      .string()
      .regex(/^\d{1,2}$/, `days must be a whole number from ${REVIEW_DAYS.min} to ${REVIEW_DAYS.max}`)
      .refine(
        (value) => Number(value) >= REVIEW_DAYS.min && Number(value) <= REVIEW_DAYS.max,
        `days must be from ${REVIEW_DAYS.min} to ${REVIEW_DAYS.max}`,
      )
      .optional()
      .describe(`How many days back to look, ${REVIEW_DAYS.min}-${REVIEW_DAYS.max} (default ${REVIEW_DAYS.default}).`),
    tag: z.string().max(NOTE_LIMITS.tagChars).optional().describe("Only notes with this tag."),
  },
  complete: {
    days: (typed) => ["7", "14", "30", "90"].filter((value) => value.startsWith(typed)),
    tag: completeTag,
  },
  async get({ days, tag }, ctx) {
    const span = days === undefined ? REVIEW_DAYS.default : Number(days);
    const since = new Date(Date.now() - span * 86_400_000).toISOString();
    const result = await openWorkspace(ctx).listNotes({ tag, order: "updated", updatedSince: since, limit: LISTED });
    if (!result.ok) throw invalidParams(describeError(result.error));
    const changed = result.value.items;
    const scope = `in the last ${span} day${span === 1 ? "" : "s"}${tag ? ` tagged "${tag}"` : ""}`;
    if (changed.length === 0) {
      return {
        description: `No notes changed ${scope}`,
        messages: [
          {
            role: "user",
            content: {
              type: "text",
              text: `Review my notes changed ${scope}. None changed; say so briefly and suggest what I could capture next week.`,
            },
          },
        ],
      };
    }
    const { messages, embedded } = await embedNotes(changed, ctx);
    const more = result.value.nextCursor
      ? ` (${result.value.remaining ?? "more"} further notes changed too; use notes_list to see them)`
      : "";
    const listing =
      changed.length > embedded
        ? `\n\nAlso changed, not attached:\n${changed.slice(embedded).map(noteLine).join("\n")}`
        : "";
    const intro =
      `Give me a weekly review of the ${changed.length} notes I changed ${scope} (since ${since})${more}. The ${embedded} most recent ` +
      "are attached as resources. Cover: what progressed, decisions made, open questions and to-dos, and three suggested next steps." +
      listing;
    return {
      description: `Review of ${changed.length} notes changed ${scope}`,
      messages: [{ role: "user", content: { type: "text", text: intro } }, ...messages],
    };
  },
});
