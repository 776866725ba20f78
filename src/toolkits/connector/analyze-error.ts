import { z } from "zod";
import { formatCount } from "../../lib/format-count";
import { ANY_GRANT, definePrompt } from "../../mcp/define";
import { TRACE_NOTES } from "./language-notes";
import { canonicalLanguage, completeLanguage, languageArg } from "./languages";
import { CONNECTOR_LIMITS } from "./limits";
import { fenced } from "./markdown";

export const analyzeErrorPrompt = definePrompt({
  name: "analyze_error",
  title: "Analyze an error",
  description:
    `Explain an error and find its likely cause and fix. Pass the error message (up to ${formatCount(CONNECTOR_LIMITS.errorChars)} characters), ` +
    `optionally the stack trace (up to ${formatCount(CONNECTOR_LIMITS.stackChars)}) and the language or runtime.`,
  scope: ANY_GRANT,
  args: {
    error: z
      .string({
        error: (issue) =>
          issue.input === undefined ? "error is missing: pass the error message" : "error must be a string",
      })
      .max(
        CONNECTOR_LIMITS.errorChars,
        `error is longer than ${formatCount(CONNECTOR_LIMITS.errorChars)} characters: pass the message itself and put the trace in stack`,
      )
      .refine((error) => error.trim().length > 0, "error is empty: pass the error message")
      .describe(
        `The error message, exactly as printed (at most ${formatCount(CONNECTOR_LIMITS.errorChars)} characters).`,
      ),
    stack: z
      .string()
      .max(
        CONNECTOR_LIMITS.stackChars,
        `stack is longer than ${formatCount(CONNECTOR_LIMITS.stackChars)} characters: keep the top frames and any "Caused by" sections`,
      )
      .optional()
      .describe(
        `Optional stack trace or surrounding log lines (at most ${formatCount(CONNECTOR_LIMITS.stackChars)} characters).`,
      ),
    language: languageArg
      .optional()
      .describe("Optional language or runtime that produced the error, e.g. python, java, go."),
  },
  complete: { language: completeLanguage },
  get({ error, stack, language }) {
    const firstLine = error.trim().split("\n")[0] ?? "";
    return {
      description: `Analysis of ${language ? `a ${language} error` : "an error"}: ${firstLine.slice(0, 80)}${firstLine.length > 80 ? "…" : ""}`,
      messages: [{ role: "user", content: { type: "text", text: analysisInstructions(error, stack, language) } }],
    };
  },
});

/** The prompt text: how to reason from the evidence, and the shape of the answer. */
export function analysisInstructions(
  error: string,
  stack: string | undefined,
  givenLanguage: string | undefined,
): string {
  const known = givenLanguage ? canonicalLanguage(givenLanguage) : undefined;
  const language = known ?? givenLanguage;
  const hasStack = stack !== undefined && stack.trim().length > 0;
  const notes = known ? TRACE_NOTES[known] : undefined;
  return [
    `Analyze this ${language ? `${language} ` : ""}error and find its most likely cause.`,
    [
      "**How to reason**",
      "- Start from the exact error type and message: what condition does the runtime or library report?",
      hasStack
        ? "- Use the stack trace to find where it happened: separate frames in the project's own code from library and runtime frames, and name the first project frame."
        : "- There is no stack trace: say where such an error typically comes from, and how to get a trace if it would settle the question.",
      "- Rank the plausible causes by likelihood, and for each point to the evidence in the message or trace that supports it. Do not present a guess as certain.",
      "- If the error is a symptom of something earlier (a null value created elsewhere, a corrupted state, a failed call whose error was ignored), say so.",
    ].join("\n"),
    notes ? `**Reading ${language} errors**\n${notes}` : "",
    [
      "**How to answer**",
      "1. What it means: one or two plain sentences.",
      "2. Most likely cause, with the evidence; then other candidates, briefly.",
      "3. How to confirm: one concrete check (a log line, a breakpoint, a command, a value to print).",
      "4. The fix, as a code snippet or exact steps, and how to keep it from coming back (a test, a validation, a guard).",
      "5. If the information is not enough to decide, say exactly what else to collect.",
    ].join("\n"),
    `The error:\n\n${fenced(error)}`,
    hasStack ? `The stack trace:\n\n${fenced(stack)}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}
