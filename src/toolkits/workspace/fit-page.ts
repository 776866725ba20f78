/** Workspace lists whose pages are trimmed to fit the output cap (see src/mcp/fit-reply.ts). */
import type { ToolContext } from "../../mcp/define";
import { fitsCap, partEnd } from "../../mcp/fit-reply";
import type { ToolReply } from "../../mcp/output-cap";
import type { Page } from "../../workspace/api";

/** Stands in for the cursor of a trimmed page while its size is measured (store cursors are about this long). */
const CURSOR_PLACEHOLDER = "x".repeat(96);

/**
 * A list page whose reply fits the cap. The page is fetched as asked (`limit` undefined); when its
 * reply is over the cap, the longest run of its first items that fits is fetched again with that
 * limit, so the store's nextCursor continues right after the last item shown and "more" is always
 * one call with the cursor away. At least one item is returned.
 */
export async function fitPage<T, R extends ToolReply>(
  ctx: Pick<ToolContext, "config">,
  fetch: (limit?: number) => Promise<Page<T>>,
  reply: (page: Page<T>) => R,
): Promise<R> {
  const fits = fitsCap(ctx);
  let page = await fetch();
  let built = reply(page);
  while (!fits(built) && page.items.length > 1) {
    const full = page;
    const trimmed = (count: number): Page<T> => ({
      items: full.items.slice(0, count),
      nextCursor: full.nextCursor ?? CURSOR_PLACEHOLDER,
      remaining: (full.remaining ?? 0) + full.items.length - count,
    });
    const count = Math.min(
      full.items.length - 1,
      partEnd(full.items.length, 0, (candidate) => fits(reply(trimmed(candidate)))),
    );
    page = await fetch(count);
    built = reply(page);
  }
  return built;
}
