/**
 * The connector toolkit's limits. Prompt arguments arrive in one JSON-RPC message and come back as
 * one prompt, so each is capped well below MAX_REQUEST_BYTES and Claude's context: a review or a
 * diagnosis should be about one file or one failure, not a repository or a whole log.
 */
export const CONNECTOR_LIMITS = {
  /** Characters of code in `code_review` (about 1,000 lines). */
  codeChars: 50_000,
  /** Characters of the error message in `analyze_error`. */
  errorChars: 10_000,
  /** Characters of the stack trace in `analyze_error`. */
  stackChars: 20_000,
  /** Characters of a language name (`c++`, `objective-c`, `typescript`…). */
  languageChars: 40,
  /** Resources per `resources/list` page for each of the connector's templates (a toolkit option). */
  defaultPageSize: 20,
} as const;
