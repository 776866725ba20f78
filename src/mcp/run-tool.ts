import type { Config } from "../config";
import { logEvent } from "../lib/log";
import { auditToolCall } from "./audit-call";
import { type ConfirmationAnswer, type ToolContext, type ToolDefinition, UserError } from "./define";
import { recordToolCall } from "./metrics";
import { capToolResult, replyToResult, type ToolReply } from "./output-cap";
import type { CallToolResult, InputRequiredResult } from "./wire";

export type ToolOutcome = "ok" | "user_error" | "denied" | "failed" | "not_confirmed" | "asking";

/**
 * The one wrapper every tool handler runs in: scope check, the user's confirmation where the tool
 * asks for one and the client can be asked, handler, errors → `isError` results,
 * structured data → data plus a text copy, the output cap, the session's call counter, a log
 * line for calls worth reading about (see `shouldLogCall`), and an entry in the owner's activity
 * log (audit-call.ts). Nothing here logs arguments, results or tokens.
 */
export async function runTool(
  tool: ToolDefinition,
  args: unknown,
  ctx: ToolContext,
): Promise<CallToolResult | InputRequiredResult> {
  const started = Date.now();
  let outcome: ToolOutcome = "ok";
  let result: CallToolResult | InputRequiredResult;
  try {
    const granted = ctx.props.scopes.includes(tool.scope);
    // Asked only once the call is allowed: nobody is asked to confirm a call that would be refused.
    const confirmation = granted ? await confirmCall(tool, args, ctx) : undefined;
    if (!granted) {
      outcome = "denied";
      result = missingScopeResult(tool.name, tool.scope);
    } else if (confirmation?.kind === "pending") {
      outcome = "asking";
      result = confirmation.result;
    } else if (confirmation?.kind === "refused") {
      outcome = "user_error";
      result = errorResult(confirmation.reason);
    } else if (confirmation && confirmation.kind !== "accepted") {
      outcome = "not_confirmed";
      result = notConfirmedResult(tool.name, confirmation.kind);
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
  recordToolCall(ctx, tool.name, outcome, ms); // Analytics Engine, when bound (metrics.ts)
  ctx.session?.recordCall();
  auditToolCall(ctx, { tool: tool.name, outcome, ms, args, result });
  return result;
}

/**
 * Put the tool's confirmation to the user when the tool asks for one and the connection can ask
 * (undefined: go ahead without asking). Both eras run this same step: the 2025-era channel asks
 * over the session and waits; the 2026-07-28 channel answers `pending` on the first round and
 * checks the signed request state on the retry.
 */
async function confirmCall(
  tool: ToolDefinition,
  args: unknown,
  ctx: ToolContext,
): Promise<ConfirmationAnswer | undefined> {
  if (!tool.confirm || !ctx.confirmations) return undefined;
  const confirmation = await tool.confirm(args as never, ctx);
  if (!confirmation) return undefined;
  if (!ctx.confirmations.modes[confirmation.url === undefined ? "form" : "url"]) return undefined;
  return ctx.confirmations.ask({ tool: tool.name, args }, confirmation);
}

/**
 * The user said no (or let the question lapse). Marked `isError` although nothing failed: every
 * confirming tool declares an output schema, and a non-error result must then carry structured
 * content that conforms to it (MCP 2025-06-18 on, "Structured Content"; both SDKs refuse the result
 * otherwise), which "nothing was done" cannot. The text tells Claude that nothing happened and not
 * to try again on its own.
 */
export function notConfirmedResult(toolName: string, kind: "declined" | "cancelled" | "expired"): CallToolResult {
  const what = {
    declined: "The user declined the confirmation",
    cancelled: "The user closed the confirmation without answering",
    expired: "The confirmation expired before the user answered",
  }[kind];
  const next =
    kind === "expired"
      ? "Call it again only if the user still wants it done; they will be asked again."
      : "Do not call it again unless the user asks for it once more.";
  return {
    isError: true,
    content: [{ type: "text", text: `${what}: ${toolName} did not run and nothing changed. ${next}` }],
  };
}

/** An ok call slower than this is logged even when only errors are (`LOG_TOOL_CALLS`). */
export const SLOW_CALL_MS = 1_000;

/**
 * Every log line costs (serialisation, and one billed Workers Logs event), and Workers Observability
 * records every invocation anyway: by default only calls that went wrong or were slow get a line.
 */
function shouldLogCall(mode: Config["logToolCalls"], outcome: ToolOutcome, ms: number): boolean {
  return mode === "all" || (outcome !== "ok" && outcome !== "asking") || ms > SLOW_CALL_MS;
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
