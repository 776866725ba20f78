import { z } from "zod";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { defineTool, UserError } from "../../mcp/define";
import { fitsCap, partEnd } from "../../mcp/fit-reply";
import { NOTE_LIMITS } from "../../workspace/limits";
import { moreLine } from "./format";
import { cursor, pageFields } from "./schemas";
import { readOnly, WORKSPACE_READ } from "./scopes";
import { expectOk, openWorkspace } from "./workspace-client";

/** Tags per page at most: a tag line is short, so a page can hold many (fewer when they would not fit the output cap). */
export const TAGS_PER_PAGE = 200;

interface TagPosition {
  /** Tags already returned. */
  offset: number;
  /** The prefix filter the cursor was issued for; a cursor is only valid with the same filter. */
  prefix: string;
}

const isTagPosition = (value: unknown): value is TagPosition =>
  typeof value === "object" &&
  value !== null &&
  Number.isSafeInteger((value as TagPosition).offset) &&
  (value as TagPosition).offset > 0 &&
  typeof (value as TagPosition).prefix === "string";

export const notesTags = defineTool({
  name: "notes_tags",
  title: "List tags",
  description:
    "List the tags used in the user's notes with how many notes carry each, most used first. Pass prefix to " +
    "narrow it down. Use a tag with notes_list, or as tag:name in notes_search.",
  scope: WORKSPACE_READ,
  annotations: readOnly,
  input: z.object({
    prefix: z
      .string()
      .max(NOTE_LIMITS.tagChars)
      .optional()
      .describe("Only tags starting with this (case-insensitive)."),
    cursor,
  }),
  output: z.object({
    tags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
    total: z.number().int(),
    ...pageFields,
  }),
  async handler({ prefix = "", cursor }, ctx) {
    const needle = prefix.toLowerCase();
    const start = cursor === undefined ? 0 : decodeCursor(cursor, isTagPosition);
    if (start === undefined || (typeof start === "object" && start.prefix !== needle)) {
      throw new UserError(
        "That cursor is not valid for this call: pass back nextCursor exactly as returned, with the same prefix, or omit it.",
      );
    }
    const offset = typeof start === "object" ? start.offset : 0;
    const all = expectOk(await openWorkspace(ctx).listTags())
      .filter((entry) => entry.tag.toLowerCase().startsWith(needle))
      .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
    const reply = (end: number) => {
      const tags = all.slice(offset, end);
      const page =
        end < all.length
          ? { nextCursor: encodeCursor({ offset: end, prefix: needle }), remaining: all.length - end }
          : {};
      const text =
        tags.length === 0
          ? all.length === 0
            ? prefix
              ? `No tags start with "${prefix}".`
              : "No note has tags yet."
            : "No more tags."
          : tags.map((entry) => `- ${entry.tag} (${entry.count})`).join("\n") + moreLine(page, "notes_tags");
      return { data: { tags, total: all.length, returned: tags.length, ...page }, text };
    };
    const fits = fitsCap(ctx);
    const last = Math.min(all.length, offset + TAGS_PER_PAGE);
    return reply(offset >= last ? offset : partEnd(last, offset, (end) => fits(reply(end))));
  },
});
