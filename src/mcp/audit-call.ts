import { logEvent } from "../lib/log";
import { type AuditOutcome, truncateDetail } from "../workspace/audit";
import { openUserWorkspace } from "../workspace/open";
import type { ToolContext } from "./define";
import type { ToolOutcome } from "./run-tool";
import type { CallToolResult, InputRequiredResult } from "./wire";

/** A call that is still asking the user (`asking`) is not finished: its retry is what gets recorded. */
const OUTCOMES: Record<Exclude<ToolOutcome, "asking">, AuditOutcome> = {
  ok: "ok",
  user_error: "error",
  failed: "error",
  denied: "refused",
  not_confirmed: "declined",
};

/**
 * Put one finished tool call into the caller's activity log (the user's Workspace object), without
 * holding up the reply: the write runs under `waitUntil` and a failure only logs. Arguments and
 * the result's text travel truncated; the object keeps them only when the owner turned that on.
 */
export function auditToolCall(
  ctx: ToolContext,
  call: { tool: string; outcome: ToolOutcome; ms: number; args: unknown; result: CallToolResult | InputRequiredResult },
): void {
  const { props } = ctx;
  // The request's context, before any toolkit's scoping (run-tool.ts): it holds the whole Env.
  const WORKSPACE = ctx.env?.WORKSPACE;
  if (!WORKSPACE || !props.userId || call.outcome === "asking" || !("content" in call.result)) return;
  const outcome = call.outcome;
  const write = openUserWorkspace({ WORKSPACE }, props.userId)
    .recordAudit({
      kind: "tool",
      name: call.tool,
      outcome: OUTCOMES[outcome],
      ms: call.ms,
      clientId: props.clientId || undefined,
      clientName: props.clientName || undefined,
      grantId: props.grantId,
      detail: { arguments: truncateDetail(safeJson(call.args)), result: truncateDetail(resultText(call.result)) },
    })
    .catch((error: unknown) =>
      logEvent("audit_write_failed", { error: error instanceof Error ? error.name : "unknown" }),
    );
  if (ctx.waitUntil) ctx.waitUntil(write);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "(not serialisable)";
  }
}

function resultText(result: CallToolResult): string {
  return result.content.map((block) => (block.type === "text" ? block.text : `[${block.type}]`)).join("\n");
}
