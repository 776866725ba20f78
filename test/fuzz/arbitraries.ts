/**
 * Hostile values: what an attacker, a buggy client or a confused model sends. Each is bounded (the
 * largest string is just over the default 1 MiB body limit) so a run's cost is predictable.
 */
import fc from "fast-check";

/**
 * Put into generated text so the HTML invariant can see whether it came back unescaped. A page that
 * shows it must show `&lt;fz-marker`, never the tag itself.
 */
export const HTML_MARKER = '<fz-marker a="1">';

/** Strings a server must treat as data: edge cases of Unicode, encodings, paths, numbers, templates. */
const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "\u0000\u0001\u001f\u007f",
  "\ud800",
  "\udfff\ud800",
  "\u202e\u2066evil\u2069",
  "\ufeff",
  "\u200b\u200d",
  "e\u0301\u0301\u0301\u0301",
  "🧑🏽‍🚀🏳️‍🌈",
  "𝕳𝖊𝖑𝖑𝖔",
  "İıſK",
  "\r\n\r\nX-Injected: 1",
  "%00%0d%0a%ff%fe",
  "../../../../etc/passwd",
  "..\\..\\windows",
  "${7*7}{{7*7}}<%= 7*7 %>",
  "'; DROP TABLE notes; --",
  '" OR 1=1 --',
  "NEAR(",
  '"unterminated',
  "*",
  "AND OR NOT",
  "__proto__",
  "constructor",
  "toString",
  "null",
  "undefined",
  "NaN",
  "-0",
  "1e309",
  "0x7fffffff",
  "9007199254740993",
  HTML_MARKER,
  `<script>alert(1)</script>${HTML_MARKER}`,
  "javascript:alert(1)",
  "data:text/html,<b>x</b>",
  "http://127.0.0.1:1/",
  "https://169.254.169.254/latest/meta-data/",
  "file:///etc/passwd",
  "sp_",
  "n_0123456789abcdef",
  "f_0123456789abcdef",
  "ntf_0123456789abcdef",
];

/** Strings of chosen lengths around and past the limits a schema or the body cap sets. */
export function longString(lengths: number[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...lengths), fc.constantFrom("a", "é", "🙂", "<", "\u0000"))
    .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
}

/** Any string: printable, full Unicode, control characters, the nasty list, and a few very long ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 30 }) },
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: longString([255, 256, 4_096, 65_537]) },
);

/** Numbers JSON can carry, including the ones that break naive code. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 63),
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER,
  ),
);

/** Nested arrays or objects `depth` levels deep, as JSON text (JSON.stringify would not be the bottleneck, the parser is). */
export function deepJsonText(depth: number, kind: "array" | "object"): string {
  return kind === "array"
    ? `${"[".repeat(depth)}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/** A JSON value of bounded size, with hostile leaves and odd keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom("__proto__", "constructor", "_meta", "id")), tie("value"), {
      maxKeys: 4,
    }),
  ),
})).value;

/**
 * Deeply nested values, built directly (a generator's recursion would never reach these depths).
 * At most 1,000 levels: Node's own JSON.stringify overflows its stack near 5,000, so deeper nesting
 * is sent as raw text instead (the mcp-raw-body property, up to 100,000 levels).
 */
export const deepJson: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(64, 512, 1_000), fc.constantFrom<"array" | "object">("array", "object"))
  .map(([depth, kind]) => {
    const value = JSON.parse(deepJsonText(depth, kind)) as object;
    // fast-check prints counterexamples recursively, which would overflow the stack at these depths.
    return Object.defineProperty(value, fc.toStringMethod, {
      value: () => `JSON.parse(deepJsonText(${depth}, "${kind}"))`,
    });
  });

/** JSON-RPC ids a client should never send, next to the ones it may. */
export const oddId: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, null, true, false, "", "0", "🙂", {}, [], [1]),
  hostileString,
);

/**
 * Header values a client can really send, odd but transmissible: printable ASCII (the runtime
 * refuses line breaks and NUL, and re-encodes anything past ASCII before the worker sees it).
 */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\t",
    "null",
    "*",
    "2025-11-25",
    "2026-07-28",
    "2024-11-05",
    "9999-12-31",
    "application/json",
    "text/event-stream",
  ),
  longString([1_024, 8_192]).map((value) => value.replace(/[^\x20-\x7e]/g, "a")),
);
