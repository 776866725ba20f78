import { estimateTokens, prefixWithinTokens } from "./token-estimate";
import type { CallToolResult } from "./wire";

/**
 * Keep a tool result under the configured budget of estimated tokens (default 20,000: Claude Code
 * refuses results over 25,000 tokens, and 20,000 estimated tokens stay far below claude.ai's
 * ~150,000-character limit in any script; token-estimate.ts). Everything the client receives is
 * counted: every content block, including the text copy of structured data, and the structured data
 * itself. Text is cut with a note that says how much was left out; a structured result cannot be cut
 * without breaking its schema, so an oversized one becomes an error telling Claude to ask for less.
 * Tools whose results can be long page themselves within this budget (`replyTokens`), so this is
 * the backstop, not the usual path.
 */
export function capToolResult(result: CallToolResult, maxTokens: number, toolName: string): CallToolResult {
  const size = resultTokens(result);
  if (size <= maxTokens) return result;

  if (result.structuredContent !== undefined) {
    return {
      isError: true,
      content: [
        {
          type: "text",
          text:
            `The result of ${toolName} was about ${size.toLocaleString("en-US")} tokens, over this connector's ` +
            `${maxTokens.toLocaleString("en-US")}-token limit, so it was not returned. ` +
            "Call it again asking for less (a narrower query, a smaller limit, or the next cursor).",
        },
      ],
    };
  }

  let budget = Math.max(0, maxTokens - Math.min(TRUNCATION_NOTE_TOKENS, Math.floor(maxTokens / 2)));
  const content: CallToolResult["content"] = [];
  let omitted = 0;
  for (const block of result.content) {
    const blockSize = blockTokens(block);
    if (blockSize <= budget) {
      content.push(block);
      budget -= blockSize;
    } else if (block.type === "text") {
      const kept = block.text.slice(0, prefixWithinTokens(block.text, budget));
      content.push({ ...block, text: kept });
      omitted += blockSize - estimateTokens(kept);
      budget = 0;
    } else omitted += blockSize;
  }
  content.push({
    type: "text",
    text:
      `[Truncated: about ${omitted.toLocaleString("en-US")} of ${size.toLocaleString("en-US")} tokens omitted to stay ` +
      `under the ${maxTokens.toLocaleString("en-US")}-token limit. Ask ${toolName} for a smaller part to see the rest.]`,
  });
  return { ...result, content };
}

/** Room kept for the truncation note itself, so a cut result stays within the limit. */
const TRUNCATION_NOTE_TOKENS = 100;

/**
 * What an image costs in Claude's context, in tokens: about width × height / 750, ~1,600 at the
 * 1568-px long edge it works at. Counting its base64 instead would make a screenshot "larger" than
 * a long document and force images down to thumbnails; their bytes are bounded by the toolkit
 * (Claude's 5 MB limit).
 */
export const IMAGE_CONTEXT_TOKENS = 1_600;

/** Base64 is dense ASCII: about 2 characters a token, so embedded blobs are charged at that rate. */
const BASE64_CHARS_PER_TOKEN = 2;

type Block = CallToolResult["content"][number];

function blockTokens(block: Block): number {
  if (block.type === "text") return estimateTokens(block.text);
  if (block.type === "image") return IMAGE_CONTEXT_TOKENS;
  if (block.type === "resource" && "blob" in block.resource) {
    const { blob, ...rest } = block.resource;
    return (
      Math.ceil(blob.length / BASE64_CHARS_PER_TOKEN) + estimateTokens(JSON.stringify({ ...block, resource: rest }))
    );
  }
  return estimateTokens(JSON.stringify(block));
}

/** Estimated tokens a result puts in Claude's context: every block, plus structured data as JSON. */
export function resultTokens(result: CallToolResult): number {
  let size = 0;
  for (const block of result.content) size += blockTokens(block);
  if (result.structuredContent !== undefined) size += estimateTokens(JSON.stringify(result.structuredContent));
  return size;
}

/** A tool handler's reply, as `runTool` turns it into a result (run-tool.ts, `toCallToolResult`). */
export interface ToolReply {
  data?: unknown;
  text?: string;
  content?: CallToolResult["content"];
}

/**
 * The result `runTool` builds from a reply: with structured data, a text block first (the reply's
 * text, or the data as JSON: MCP 2025-06-18 "Structured Content" SHOULD also return it serialized),
 * then the reply's blocks. Tools measure candidate replies with `replyTokens` to page within the cap.
 */
export function replyToResult(reply: ToolReply, structured: boolean): CallToolResult {
  const content: CallToolResult["content"] = [];
  if (structured) {
    content.push({ type: "text", text: reply.text ?? JSON.stringify(reply.data, null, 2) });
    if (reply.content) content.push(...reply.content);
    return { content, structuredContent: reply.data as Record<string, unknown> };
  }
  if (reply.text !== undefined) content.push({ type: "text", text: reply.text });
  if (reply.content) content.push(...reply.content);
  return { content };
}

/** Estimated tokens of a structured reply once `runTool` has added its text copy. */
export function replyTokens(reply: ToolReply): number {
  return resultTokens(replyToResult(reply, reply.data !== undefined));
}
