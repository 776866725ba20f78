/**
 * Long text returned in parts that each fit the output cap: the tool builds its whole reply for a
 * candidate end and measures it the way the cap will (`replyTokens`), so the text copy, the
 * structured copy and JSON escaping are all counted, in estimated tokens.
 */
import type { ToolContext } from "../../mcp/define";
import { replyTokens, type ToolReply } from "../../mcp/output-cap";

/**
 * The largest `end` (offset < end ≤ total) for which `build(end)` fits the cap, found by bisection
 * (the cost grows with `end`); at least `offset + 1`, so every call makes progress.
 */
export function partEnd(total: number, offset: number, fits: (end: number) => boolean): number {
  if (fits(total)) return total;
  let low = offset;
  let high = total;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle;
  }
  return Math.max(low, offset + 1);
}

/** Whether a reply fits this connection's output cap. */
export function fitsCap(ctx: Pick<ToolContext, "config">): (reply: ToolReply) => boolean {
  return (reply) => replyTokens(reply) <= ctx.config.toolOutputMaxTokens;
}
