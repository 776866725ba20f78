/**
 * A conservative estimate of how many tokens text costs in Claude's context, for the output cap
 * (Claude Code refuses tool results over 25,000 tokens by default, `MAX_MCP_OUTPUT_TOKENS`).
 *
 * Claude's tokenizer works on UTF-8 bytes, so no code point can cost more tokens than its UTF-8
 * length; in practice English prose takes about 4 characters a token, code and JSON about 3, CJK
 * about 1 token a character and emoji 1 to 3. The estimate charges, per code point:
 *
 *   | code points                                   | UTF-8 bytes | tokens |
 *   |-----------------------------------------------|-------------|--------|
 *   | ASCII (U+0000–U+007F)                          | 1           | 1/3    |
 *   | Latin accents, Greek, Cyrillic, Hebrew, Arabic | 2           | 1      |
 *   | CJK, kana, Hangul, Indic, Thai, symbols (BMP)  | 3           | 1.5    |
 *   | emoji and other astral code points             | 4           | 3      |
 *
 * so it errs towards more tokens for everything but dense ASCII such as base64 or hex (about 2
 * characters a token), which tool results keep out of text; embedded `blob`s are charged separately
 * at 2 characters a token (output-cap.ts). Counted in sixths of a token to stay in integers.
 */

const SIXTHS = { ascii: 2, twoByte: 6, threeByte: 9, astral: 18 } as const;

function sixthsOf(codePoint: number): number {
  if (codePoint < 0x80) return SIXTHS.ascii;
  if (codePoint < 0x800) return SIXTHS.twoByte;
  if (codePoint < 0x10000) return SIXTHS.threeByte;
  return SIXTHS.astral;
}

/** Estimated tokens of `text` (an upper estimate, see above). */
export function estimateTokens(text: string): number {
  let sixths = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      sixths += SIXTHS.ascii;
      continue;
    }
    const codePoint = text.codePointAt(i) as number;
    if (codePoint > 0xffff) i++;
    sixths += sixthsOf(codePoint);
  }
  return Math.ceil(sixths / 6);
}

/**
 * How many UTF-16 units of `text` fit in `tokens` by the same estimate: the longest prefix whose
 * estimate is at most `tokens`, never splitting a surrogate pair.
 */
export function prefixWithinTokens(text: string, tokens: number): number {
  const limit = Math.max(0, tokens) * 6;
  let sixths = 0;
  let i = 0;
  while (i < text.length) {
    const codePoint = text.codePointAt(i) as number;
    const cost = sixthsOf(codePoint);
    if (sixths + cost > limit) break;
    sixths += cost;
    i += codePoint > 0xffff ? 2 : 1;
  }
  return i;
}
