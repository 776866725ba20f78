/**
 * Every tool, with arguments generated from the JSON Schema its `tools/list` entry carries (the
 * wire form of its zod `input`) and hostile mutations of them, called in both eras. The answer must
 * be a JSON-RPC reply to that call: a result (an `isError` one must say something) or -32602 for
 * arguments the schema refuses; never a crash reference, an internal error, or a hang.
 */
import fc from "fast-check";
import { freshId, modernInit, sessionInit } from "./catalog";
import { checkExchange, checkLogs, type Problem } from "./invariants";
import { toolArguments } from "./json-schema-arbitrary";
import type { FuzzProperty } from "./properties";
import { type Exchange, exchange, rpcMessagesOf } from "./target";

/** The default MAX_REQUEST_BYTES: a larger body is refused with 413 before any tool runs. */
const MAX_REQUEST_BYTES = 1_048_576;
const CRASH_TEXT = "failed unexpectedly (reference";

export interface ToolCase {
  tool: string;
  args: unknown;
  era: "modern" | "session";
}

export const toolProperty: FuzzProperty<ToolCase> = {
  name: "tool-call",
  covers: "tools/call of every tool, both eras, with arguments from its input schema and hostile mutations of them",
  arbitrary: (catalog) =>
    fc.constantFrom(...catalog.tools).chain((tool) =>
      fc.record({
        tool: fc.constant(tool.name),
        args: toolArguments(tool.inputSchema),
        era: fc.constantFrom<ToolCase["era"]>("modern", "session"),
      }),
    ),
  check: async (target, { tool, args, era }) => {
    const id = freshId();
    const params = { name: tool, arguments: args };
    const init =
      era === "modern"
        ? modernInit(target.token, "tools/call", params, id)
        : sessionInit(target.token, target.sessionId, { jsonrpc: "2.0", id, method: "tools/call", params });
    const ex = await exchange(target, "/mcp", init);
    const size = new TextEncoder().encode(String(init.body)).byteLength;
    return [
      ...checkExchange(ex, "mcp", target),
      ...(ex.dropped ? [] : replyProblems(ex, id, size)),
      ...(await checkLogs(target)),
    ];
  },
};

function replyProblems(ex: Exchange, id: number, size: number): Problem[] {
  const where = `tools/call (${ex.status})`;
  if (size > MAX_REQUEST_BYTES)
    return ex.status === 413
      ? []
      : [{ invariant: "expected-answer", detail: `${where}: a ${size}-byte body should be refused with 413` }];
  let reply:
    | {
        result?: { isError?: boolean; content?: { type: string; text?: string }[] };
        error?: { code: number; message: string };
      }
    | undefined;
  try {
    reply = rpcMessagesOf(ex).find((message) => (message as { id?: unknown }).id === id) as typeof reply;
  } catch {
    return []; // checkExchange already reported the unparsable body.
  }
  if (!reply) return [{ invariant: "tool-reply", detail: `${where}: no reply to the call: ${ex.text.slice(0, 300)}` }];
  if (reply.error) {
    return reply.error.code === -32602
      ? []
      : [
          {
            invariant: "tool-reply",
            detail: `${where}: error ${reply.error.code} instead of a result or -32602: ${reply.error.message.slice(0, 200)}`,
          },
        ];
  }
  const texts = (reply.result?.content ?? []).filter((block) => block.type === "text").map((block) => block.text ?? "");
  if (!Array.isArray(reply.result?.content))
    return [{ invariant: "tool-reply", detail: `${where}: a result without content` }];
  if (texts.some((text) => text.includes(CRASH_TEXT)))
    return [{ invariant: "no-tool-crash", detail: `${where}: ${texts.join(" ").slice(0, 300)}` }];
  if (reply.result?.isError && !texts.some((text) => text.trim().length > 0))
    return [{ invariant: "tool-reply", detail: `${where}: an isError result that says nothing` }];
  return [];
}
