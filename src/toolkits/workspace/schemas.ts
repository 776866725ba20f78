/**
 * Argument and result shapes shared by the workspace tools. Limits come from the store's own table
 * (src/workspace/limits.ts), so the JSON Schema Claude sees states the same bounds the store enforces.
 */
import { z } from "zod";
import { MAX_CURSOR_CHARS } from "../../lib/cursor";
import { formatCount } from "../../lib/format-count";
import { NOTE_LIMITS, PAGE_LIMITS } from "../../workspace/limits";

export const noteId = z
  .string()
  .max(64)
  .describe('A note id as returned by notes_create, notes_list or notes_search, e.g. "n_0123456789abcdef".');
export const fileId = z
  .string()
  .max(64)
  .describe('A file id as returned by files_upload or files_list, e.g. "f_0123456789abcdef".');

export const title = z
  .string()
  .max(NOTE_LIMITS.titleChars)
  .describe(`Title, at most ${NOTE_LIMITS.titleChars} characters.`);
export const body = z
  .string()
  .max(NOTE_LIMITS.bodyChars)
  .describe(`Markdown body, at most ${formatCount(NOTE_LIMITS.bodyChars)} characters.`);
export const tags = z
  .array(z.string().max(NOTE_LIMITS.tagChars))
  .max(NOTE_LIMITS.tagsPerNote)
  .describe(
    `Tags, at most ${NOTE_LIMITS.tagsPerNote}, each at most ${NOTE_LIMITS.tagChars} characters (e.g. "work", "recipes").`,
  );

export const cursor = z
  .string()
  .max(MAX_CURSOR_CHARS)
  .optional()
  .describe("nextCursor from the previous page; omit for the first page.");
export function pageSize(fallback: number = PAGE_LIMITS.defaultSize) {
  return z
    .number()
    .int()
    .min(1)
    .max(PAGE_LIMITS.maxSize)
    .optional()
    .describe(`Items per page, 1-${PAGE_LIMITS.maxSize} (default ${fallback}).`);
}

/** A note without its body, as lists show it. Flat apart from the tag list (nested results break in claude.ai). */
export const noteSummary = z.object({
  id: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  version: z.number().int(),
  chars: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const fileInfo = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});

/** Pagination fields every list result carries. */
export const pageFields = {
  returned: z.number().int(),
  nextCursor: z.string().optional(),
  remaining: z.number().int().optional(),
};
