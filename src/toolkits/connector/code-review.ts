import { z } from "zod";
import { formatCount } from "../../lib/format-count";
import { ANY_GRANT, definePrompt } from "../../mcp/define";
import { completeFrom } from "./complete";
import { REVIEW_NOTES } from "./language-notes";
import { canonicalLanguage, completeLanguage, languageArg } from "./languages";
import { CONNECTOR_LIMITS } from "./limits";
import { fenced, fenceInfo } from "./markdown";

export const REVIEW_FOCUSES = ["all", "security", "performance", "readability"] as const;
export type ReviewFocus = (typeof REVIEW_FOCUSES)[number];

/** What to check for each focus: the questions a careful reviewer asks, in priority order. */
const CHECKLISTS: Record<Exclude<ReviewFocus, "all">, string[]> = {
  security: [
    "Untrusted input reaching a query, shell command, file path, URL fetch, template or deserializer without validation or escaping (injection, path traversal, SSRF, XSS).",
    "Missing or bypassable authentication and authorization checks; decisions made on data the caller controls.",
    "Secrets, tokens or personal data hard-coded, logged, or returned in errors.",
    "Cryptography: home-made schemes, weak algorithms, predictable randomness, non-constant-time comparison of secrets.",
    "Resource exhaustion: unbounded input sizes, loops, recursion, allocations or retries an attacker can drive.",
    "Error handling that fails open, or leaks internals (stack traces, SQL) to the caller.",
  ],
  performance: [
    "Algorithmic complexity: nested loops over growing data, repeated linear searches, work recomputed inside loops.",
    "I/O patterns: queries or requests issued per item (N+1), missing batching, blocking calls on hot or async paths.",
    "Memory: needless copies, whole files or result sets loaded at once, caches or collections that grow without bound.",
    "Concurrency: lock contention, serialized work that could run in parallel, parallel work without a limit.",
    "Only flag what matters at realistic input sizes; say what size makes it matter.",
  ],
  readability: [
    "Names that say what things are and do; misleading or overly short names.",
    "Functions doing several things; deep nesting that early returns would flatten; duplicated logic.",
    "Comments that restate the code instead of saying why; missing why-comments on non-obvious decisions.",
    "Error handling that is hard to follow or inconsistent; magic numbers and strings without a named constant.",
    "Dead code, unused parameters, and inconsistencies with the surrounding style.",
  ],
};

export const codeReviewPrompt = definePrompt({
  name: "code_review",
  title: "Review code",
  description:
    `Review a piece of code for bugs and for security, performance or readability problems, with concrete fixes. ` +
    `Pass the code (up to ${formatCount(CONNECTOR_LIMITS.codeChars)} characters: one file or function), its language, ` +
    `and optionally a focus (all, security, performance, readability; default all).`,
  scope: ANY_GRANT,
  args: {
    language: languageArg.describe("Programming language of the code, e.g. typescript, python, go."),
    code: z
      .string({
        error: (issue) =>
          issue.input === undefined ? "code is missing: pass the code to review" : "code must be a string",
      })
      .max(
        CONNECTOR_LIMITS.codeChars,
        `code is longer than ${formatCount(CONNECTOR_LIMITS.codeChars)} characters: send one file or function at a time`,
      )
      .refine((code) => code.trim().length > 0, "code is empty: pass the code to review")
      .describe(`The code to review, at most ${formatCount(CONNECTOR_LIMITS.codeChars)} characters.`),
    focus: z
      .enum(REVIEW_FOCUSES, { error: `focus must be one of ${REVIEW_FOCUSES.join(", ")}` })
      .optional()
      .describe("What to concentrate on: all (default), security, performance or readability."),
  },
  complete: { language: completeLanguage, focus: completeFrom(REVIEW_FOCUSES) },
  get({ language, code, focus = "all" }) {
    return {
      description: `Code review of ${code.split("\n").length} lines of ${language} (focus: ${focus})`,
      messages: [{ role: "user", content: { type: "text", text: reviewInstructions(language, code, focus) } }],
    };
  },
});

/** The prompt text: what to check, in what order, and the shape of the answer. */
export function reviewInstructions(givenLanguage: string, code: string, focus: ReviewFocus): string {
  const known = canonicalLanguage(givenLanguage);
  const language = known ?? givenLanguage;
  const areas = focus === "all" ? (["security", "performance", "readability"] as const) : [focus];
  const checks = areas
    .map((area) => `**${capitalize(area)}**\n${CHECKLISTS[area].map((item) => `- ${item}`).join("\n")}`)
    .join("\n\n");
  // Looked up by a known id only: a name such as "constructor" must not reach Object.prototype.
  const notes = known ? REVIEW_NOTES[known] : undefined;
  const scope =
    focus === "all"
      ? "Look first for correctness bugs (wrong results, unhandled cases, broken edge cases such as empty input, null, zero, very large values, concurrency), then for the areas below."
      : `Concentrate on ${focus}. Mention a correctness bug you notice on the way, but do not review other areas.`;

  return [
    `Review the following ${language} code.`,
    scope,
    checks,
    notes ? `**${language}-specific pitfalls to check**\n${notes}` : "",
    [
      "**How to answer**",
      "1. Summary: two or three sentences on what the code does and its overall state.",
      "2. Findings, most severe first. For each: severity (critical, high, medium, low), where (function name or the line quoted), " +
        "what is wrong, why it matters in practice, and the fix as a short code snippet.",
      "3. What is done well, briefly, so it is kept.",
      "4. Questions, if the right fix depends on context the code does not show.",
      "Report only real problems you can point to in this code; if an area has none, say so in one line. Do not rewrite the whole file.",
    ].join("\n"),
    `The code:\n\n${fenced(code, fenceInfo(language))}`,
  ]
    .filter(Boolean)
    .join("\n\n");
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
