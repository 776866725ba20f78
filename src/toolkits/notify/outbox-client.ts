import { unwrap as unwrapResult } from "../../lib/result";
import type { ToolContext } from "../../mcp/define";
import { binding, UserError } from "../../mcp/define";
import type { OutboxResult } from "../../notify/types";

/** The caller's own Outbox: one per user, named by the user id, so no tool can reach another user's. */
export function outboxFor(ctx: ToolContext) {
  const namespace = binding(ctx.env, "OUTBOX");
  return namespace.get(namespace.idFromName(ctx.props.userId));
}

/** The Outbox reports expected refusals as values; they become the tool's `isError` message. */
export function unwrap<T>(result: OutboxResult<T>): T {
  return unwrapResult(result, (message) => new UserError(message));
}
