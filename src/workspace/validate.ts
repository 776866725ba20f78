/**
 * Checks on note input. Each failure message names the field, the rule and the limit, so Claude can
 * correct the call. Text is checked, never silently altered, except that tags are normalised
 * (trimmed, lowercased, de-duplicated) so `tag:Work` and `tag:work` are the same filter.
 */
import { NOTE_LIMITS } from "./limits";

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const TAG_PATTERN = /^[\p{L}\p{N}_-]+$/u;

/** Characters as people count them: code points, so an emoji is one and a surrogate pair is not two. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Text that SQLite and every client can store and show unchanged: no NUL (it truncates strings in
 * C-based clients and has no business in markdown) and no unpaired surrogate (it cannot be encoded as
 * UTF-8, so it would silently become U+FFFD on the way to disk).
 */
function textProblem(field: string, text: string): string | undefined {
  if (text.includes("\u0000")) return `${field} contains a NUL character (U+0000); remove it and try again.`;
  if (!text.isWellFormed())
    return `${field} contains an unpaired UTF-16 surrogate (broken emoji or binary data); send valid Unicode text.`;
  return undefined;
}

export function checkTitle(title: unknown): Checked<string> {
  if (typeof title !== "string") return { ok: false, message: "title must be a string." };
  const trimmed = title.trim();
  if (trimmed.length === 0) return { ok: false, message: "title is empty; give the note a short title." };
  const problem = textProblem("title", trimmed);
  if (problem) return { ok: false, message: problem };
  if (/[\r\n]/.test(trimmed)) return { ok: false, message: "title must be one line; move the rest into the body." };
  const chars = charCount(trimmed);
  if (chars > NOTE_LIMITS.titleChars)
    return {
      ok: false,
      message: `title is ${chars} characters; the limit is ${NOTE_LIMITS.titleChars}. Shorten it and put detail in the body.`,
    };
  return { ok: true, value: trimmed };
}

export function checkBody(body: unknown): Checked<string> {
  if (typeof body !== "string") return { ok: false, message: "body must be a string of markdown." };
  const problem = textProblem("body", body);
  if (problem) return { ok: false, message: problem };
  const chars = charCount(body);
  if (chars > NOTE_LIMITS.bodyChars) {
    return {
      ok: false,
      message: `body is ${chars} characters; the limit is ${NOTE_LIMITS.bodyChars}. Split it into several notes.`,
    };
  }
  return { ok: true, value: body };
}

/** One tag, normalised: trimmed, NFC, lowercase; a leading `#` (as people type tags) is dropped. */
export function checkTag(tag: unknown): Checked<string> {
  if (typeof tag !== "string") return { ok: false, message: "each tag must be a string." };
  const normalised = tag.trim().replace(/^#/, "").normalize("NFC").toLowerCase();
  if (normalised.length === 0) return { ok: false, message: "a tag is empty; remove it." };
  const problem = textProblem(`tag "${normalised.slice(0, 40)}"`, normalised);
  if (problem) return { ok: false, message: problem };
  const chars = charCount(normalised);
  if (chars > NOTE_LIMITS.tagChars)
    return {
      ok: false,
      message: `tag "${[...normalised].slice(0, 20).join("")}…" is ${chars} characters; the limit is ${NOTE_LIMITS.tagChars}.`,
    };
  if (!TAG_PATTERN.test(normalised)) {
    return {
      ok: false,
      message: `tag "${normalised}" may contain only letters, digits, "_" and "-" (no spaces); use e.g. "${normalised.replace(/[^\p{L}\p{N}_-]+/gu, "-").replace(/^-+|-+$/g, "") || "work"}".`,
    };
  }
  return { ok: true, value: normalised };
}

export function checkTags(tags: unknown): Checked<string[]> {
  if (tags === undefined) return { ok: true, value: [] };
  if (!Array.isArray(tags)) return { ok: false, message: "tags must be a list of strings." };
  const out: string[] = [];
  for (const tag of tags) {
    const checked = checkTag(tag);
    if (!checked.ok) return checked;
    if (!out.includes(checked.value)) out.push(checked.value);
  }
  if (out.length > NOTE_LIMITS.tagsPerNote)
    return {
      ok: false,
      message: `a note may have at most ${NOTE_LIMITS.tagsPerNote} tags; this one has ${out.length}.`,
    };
  return { ok: true, value: out };
}

export interface CheckedNote {
  title: string;
  body: string;
  tags: string[];
}

export function checkNoteInput(input: unknown): Checked<CheckedNote> {
  if (typeof input !== "object" || input === null) return { ok: false, message: "a note needs a title and a body." };
  const { title, body, tags } = input as Record<string, unknown>;
  const checkedTitle = checkTitle(title);
  if (!checkedTitle.ok) return checkedTitle;
  const checkedBody = checkBody(body);
  if (!checkedBody.ok) return checkedBody;
  const checkedTags = checkTags(tags);
  if (!checkedTags.ok) return checkedTags;
  return { ok: true, value: { title: checkedTitle.value, body: checkedBody.value, tags: checkedTags.value } };
}

/** The lowercased form used for case-insensitive ordering and prefix completion. */
export function sortKey(text: string): string {
  return text.normalize("NFC").toLowerCase();
}

/** A page size from the caller: default when absent, an error when not a whole number in range. */
export function checkLimit(limit: unknown, fallback: number, max: number): Checked<number> {
  if (limit === undefined) return { ok: true, value: fallback };
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > max) {
    return { ok: false, message: `limit must be a whole number from 1 to ${max}.` };
  }
  return { ok: true, value: limit };
}
