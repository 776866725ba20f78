import type { CallToolResult } from "./wire";

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
      const blockSize = contextSize(block);
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

/**
 * What an image costs in Claude's context, in characters. Claude reads an image as about
 * width × height / 750 tokens: ~1,600 tokens at the 1568-px long edge it works at, ~4 characters a
 * token. Counting its base64 instead would make a screenshot "larger" than a long document and
 * force images down to thumbnails; their bytes are bounded by the toolkit (Claude's 5 MB limit).
 */
export const IMAGE_CONTEXT_CHARS = 6_400;

type Block = CallToolResult["content"][number];

function contextSize(block: Block): number {
  if (block.type === "text") return block.text.length;
  if (block.type === "image") return IMAGE_CONTEXT_CHARS;
  return JSON.stringify(block).length;
}

/** Characters a result puts in Claude's context: text as-is, images at a fixed cost, other blocks and structured data as JSON. */
export function resultSize(result: CallToolResult): number {
  let size = 0;
  for (const block of result.content) size += contextSize(block);
  if (result.structuredContent !== undefined) size += JSON.stringify(result.structuredContent).length;
  return size;
}
