import type { CallToolResult } from "./wire";
import type { Config } from "../config";
import { type ToolContext, type ToolDefinition, UserError } from "./define";
import { logEvent } from "../lib/log";
import { capToolResult, replyToResult, type ToolReply } from "./output-cap";

export type ToolOutcome = "ok" | "user_error" | "denied" | "failed";

/**
 * The one wrapper every tool handler runs in: scope check, handler, errors → `isError` results,
 * structured data → data plus a text copy, the output cap, the session's call counter, and a log
 * line for calls worth reading about (see `shouldLogCall`). Nothing here logs arguments, results or
 * tokens.
 */
export async function runTool(
  tool: ToolDefinition,
  args: unknown,
  ctx: ToolContext,
): Promise<CallToolResult> {
  const started = Date.now();
  let outcome: ToolOutcome = "ok";
  let result: CallToolResult;
  try {
    if (!ctx.props.scopes.includes(tool.scope)) {
      outcome = "denied";
      result = missingScopeResult(tool.name, tool.scope);
    } else {
      const reply = await tool.handler(args as never, ctx);
      result = capToolResult(toCallToolResult(tool, reply), ctx.config.toolOutputMaxTokens, tool.name);
      if (result.isError) outcome = "user_error";
    }
  } catch (error) {
    if (error instanceof UserError) {
      outcome = "user_error";
      result = errorResult(error.message);
    } else {
      outcome = "failed";
      const reference = crypto.randomUUID().slice(0, 8);
      // Name and message only: a stack or the arguments could carry user data.
      logEvent("tool_crash", {
        tool: tool.name,
        reference,
        error: error instanceof Error ? `${error.name}: ${error.message}` : "non-Error thrown",
      });
      result = errorResult(
        `${tool.name} failed unexpectedly (reference ${reference}). This was not caused by the arguments; ` +
          "try once more, and if it fails again tell the user the reference.",
      );
    }
  }
  const ms = Date.now() - started;
  if (shouldLogCall(ctx.config.logToolCalls, outcome, ms)) logEvent("tool_call", { tool: tool.name, outcome, ms });
  ctx.session?.recordCall();
  return result;
}

/** An ok call slower than this is logged even when only errors are (`LOG_TOOL_CALLS`). */
export const SLOW_CALL_MS = 1_000;

/**
 * Every log line costs (serialisation, and one billed Workers Logs event), and Workers Observability
 * records every invocation anyway: by default only calls that went wrong or were slow get a line.
 */
function shouldLogCall(mode: Config["logToolCalls"], outcome: ToolOutcome, ms: number): boolean {
  return mode === "all" || outcome !== "ok" || ms > SLOW_CALL_MS;
}

export function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text }] };
}

/** The `isError` result for a tool outside the grant; names the scope so the user can re-authorize. */
export function missingScopeResult(toolName: string, scope: string): CallToolResult {
  return errorResult(
    `${toolName} needs the "${scope}" permission, which this connection was not granted. ` +
      `Ask the user to reconnect Outpost and tick "${scope}" on the consent page.`,
  );
}

function toCallToolResult(tool: ToolDefinition, reply: ToolReply): CallToolResult {
  return replyToResult(reply, tool.output !== undefined);
}
