/**
 * Note and file ids: a kind prefix and 16 random characters of lowercase Crockford base32 (80 bits),
 * so they are URL-safe (they appear in `note://{id}` and `file://{id}`), unguessable, and easy to
 * validate before any lookup.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const BODY_CHARS = 16;

export type IdKind = "note" | "file";

const PREFIX: Record<IdKind, string> = { note: "n_", file: "f_" };
const PATTERN: Record<IdKind, RegExp> = {
  note: /^n_[0-9a-hjkmnp-tv-z]{16}$/,
  file: /^f_[0-9a-hjkmnp-tv-z]{16}$/,
};

export function newId(kind: IdKind): string {
  const random = crypto.getRandomValues(new Uint8Array(BODY_CHARS));
  let body = "";
  // 256 is a multiple of 32, so taking the low five bits keeps every character equally likely.
  for (const byte of random) body += ALPHABET[byte & 31];
  return PREFIX[kind] + body;
}

export function isId(kind: IdKind, value: unknown): value is string {
  return typeof value === "string" && PATTERN[kind].test(value);
}

/** The format, as error messages state it. */
export function idFormat(kind: IdKind): string {
  return `"${PREFIX[kind]}" followed by ${BODY_CHARS} lowercase letters and digits, e.g. ${PREFIX[kind]}${"0123456789abcdef"}`;
}
