import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/**
 * Keep a tool result under the configured size (default 100,000 characters: below claude.ai's
 * ~150,000-character limit and near Claude Code's 25,000-token default). Text is cut with a note that
 * says how much was left out; a structured result cannot be cut without breaking its schema, so an
 * oversized one becomes an error telling Claude to ask for less.
 */
export function capToolResult(result: CallToolResult, maxChars: number, toolName: string): CallToolResult {
  const size = resultSize(result);
  if (size <= maxChars) return result;

  if (result.structuredContent !== undefined) {
    return {
      isError: true,
      content: [
        {
          type: "text",
          text:
            `The result of ${toolName} was ${size.toLocaleString("en-US")} characters, over this connector's ` +
            `${maxChars.toLocaleString("en-US")}-character limit, so it was not returned. ` +
            "Call it again asking for less (a narrower query, a smaller limit, or the next cursor).",
        },
      ],
    };
  }

  let budget = maxChars;
  const content: CallToolResult["content"] = [];
  let omitted = 0;
  for (const block of result.content) {
    if (block.type !== "text") {
      const blockSize = JSON.stringify(block).length;
      if (blockSize <= budget) {
        content.push(block);
        budget -= blockSize;
      } else omitted += blockSize;
      continue;
    }
    if (block.text.length <= budget) {
      content.push(block);
      budget -= block.text.length;
    } else {
      content.push({ ...block, text: block.text.slice(0, Math.max(0, budget)) });
      omitted += block.text.length - Math.max(0, budget);
      budget = 0;
    }
  }
  content.push({
    type: "text",
    text:
      `[Truncated: ${omitted.toLocaleString("en-US")} of ${size.toLocaleString("en-US")} characters omitted to stay ` +
      `under the ${maxChars.toLocaleString("en-US")}-character limit. Ask ${toolName} for a smaller part to see the rest.]`,
  });
  return { ...result, content };
}

/** Characters a result puts in Claude's context: text as-is, other blocks and structured data as JSON. */
export function resultSize(result: CallToolResult): number {
  let size = 0;
  for (const block of result.content) size += block.type === "text" ? block.text.length : JSON.stringify(block).length;
  if (result.structuredContent !== undefined) size += JSON.stringify(result.structuredContent).length;
  return size;
}
