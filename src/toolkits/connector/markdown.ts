/**
 * A fenced code block that the content cannot close early: the fence is one backtick longer than
 * the longest run of backticks inside (CommonMark §4.5), so code that itself contains ``` stays
 * inside the block instead of spilling into the instructions around it.
 */
export function fenced(content: string, info = ""): string {
  const longestRun = Math.max(0, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}${info}\n${content}${content.endsWith("\n") ? "" : "\n"}${fence}`;
}

/** A language name safe to put after a fence (letters, digits, + # - only; anything else dropped). */
export function fenceInfo(language: string | undefined): string {
  return (language ?? "").toLowerCase().replace(/[^a-z0-9+#-]/g, "");
}
