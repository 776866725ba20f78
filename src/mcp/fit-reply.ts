/**
 * Results that come in parts, each fitting the output cap: a tool builds its whole reply for a
 * candidate part and measures it the way the cap will (`replyTokens`), so the text copy, the
 * structured copy and JSON escaping are all counted, in estimated tokens. "More" then always means
 * one more call of the same tool with an offset or a cursor, under the same cap.
 */
import type { ToolContext } from "./define";
import { replyTokens, type ToolReply } from "./output-cap";

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
