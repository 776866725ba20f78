/**
 * A client's self-chosen name, made safe to show. Registration lets an app call itself anything:
 * 10,000 characters that push the page's facts off screen, line breaks that fake a second line,
 * right-to-left overrides that reverse what follows, zero-width characters that split a word so it
 * passes a filter, or look-alike letters ("Сlaude" with a Cyrillic С). Escaping stops script, not
 * these. This shortens the name, replaces every invisible or control character with a visible
 * U+FFFD, and notices names that imitate Claude, so the consent page can say so.
 */
/** Characters of a name shown; the rest is cut with "…" (the full length is reported). */
export const MAX_SHOWN_NAME = 60;

export interface ShownName {
  text: string;
  /** The name's length in characters, when it was shortened. */
  shortenedFrom?: number;
  /** Invisible or control characters, each shown as U+FFFD. */
  hidden: number;
  /** It reads as "Claude" or "Anthropic" only through look-alike, spaced or hidden characters. */
  lookalike: boolean;
  /** It names Claude or Anthropic, plainly or not. */
  claimsClaude: boolean;
}

// Controls, format characters (bidi overrides and isolates, zero-width characters, BOM, tags),
// line and paragraph separators, private use, lone surrogates, and blank-looking letters.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\u115F\u1160\u2800\u3164\uFFA0]/gu;
const SHOWN_INVISIBLE = "\uFFFD";
/** Combining marks kept per letter: enough for any script, too few to stack over the page. */
const EXCESS_MARKS = /(\p{M}{3})\p{M}+/gu;
/** Letters that look like Latin ones, beyond what NFKD folds (Cyrillic, Greek, IPA, digits). */
const LOOKALIKES: Record<string, string> = {
  а: "a",
  с: "c",
  е: "e",
  о: "o",
  р: "p",
  х: "x",
  у: "y",
  ԁ: "d",
  һ: "h",
  і: "i",
  ӏ: "l",
  ս: "u",
  α: "a",
  ε: "e",
  ι: "i",
  ο: "o",
  υ: "u",
  ν: "v",
  ɑ: "a",
  ɩ: "l",
  ı: "i",
  ℓ: "l",
  "0": "o",
  "1": "l",
  "|": "l",
};
const CLAUDE_WORDS = ["claude", "anthropic"];

export function shownName(name: string): ShownName {
  let hidden = 0;
  const visible = name
    .replace(INVISIBLE, () => {
      hidden++;
      return SHOWN_INVISIBLE;
    })
    .replace(EXCESS_MARKS, "$1")
    .replace(/\p{Zs}+/gu, " ")
    .trim();
  const characters = Array.from(visible);
  const text =
    characters.length > MAX_SHOWN_NAME
      ? `${characters
          .slice(0, MAX_SHOWN_NAME - 1)
          .join("")
          .trimEnd()}…`
      : visible;
  const plain = visible.toLowerCase();
  const folded = skeleton(visible);
  const claimsClaude = CLAUDE_WORDS.some((word) => folded.includes(skeleton(word)));
  return {
    text,
    ...(characters.length > MAX_SHOWN_NAME ? { shortenedFrom: Array.from(name).length } : {}),
    hidden,
    claimsClaude,
    lookalike: claimsClaude && !CLAUDE_WORDS.some((word) => plain.includes(word)),
  };
}

/** Hosts whose redirect or verified domain make a Claude name believable. */
export function isAnthropicHost(host: string | undefined): boolean {
  return host !== undefined && /(^|\.)(claude\.ai|claude\.com|anthropic\.com)$/i.test(host);
}

/** Lower-case Latin letters only, after folding compatibility forms, accents and look-alikes ("I" → "l"). */
function skeleton(text: string): string {
  return Array.from(text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase())
    .map((char) => LOOKALIKES[char] ?? char)
    .join("")
    .replace(/i/g, "l")
    .replace(/[^a-z]/g, "");
}
