import { z } from "zod";
import { decodeCursor, encodeCursor, MAX_CURSOR_CHARS } from "../../lib/cursor";
import { defineTool, UserError } from "../../mcp/define";
import { fitsCap, partEnd } from "../../mcp/fit-reply";
import { outboxFor } from "./outbox-client";
import { deliveryOutput, describeDelivery } from "./schemas";
import { NOTIFY_READ } from "./scopes";
import { notifyHistoryView } from "./view";

const MAX_LIMIT = 50;

/** Where the next page starts: the creation time (ms) and id of the last delivery shown. */
interface HistoryPosition {
  at: number;
  id: string;
}

const isHistoryPosition = (value: unknown): value is HistoryPosition =>
  typeof value === "object" &&
  value !== null &&
  Number.isSafeInteger((value as HistoryPosition).at) &&
  typeof (value as HistoryPosition).id === "string";

export const notifyHistory = defineTool({
  name: "notify_history",
  title: "Notification history",
  description:
    "List recent notifications and channel tests, newest first, with their delivery state and, for failures, the reason. " +
    `Filter by state or channel; at most ${MAX_LIMIT} per call (default 10). When nextCursor is present, call again ` +
    "with it (and the same filters) for older ones. History is kept for 30 days.",
  scope: NOTIFY_READ,
  view: notifyHistoryView,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    limit: z.number().int().min(1).max(MAX_LIMIT).default(10).describe(`How many to list, 1–${MAX_LIMIT}.`),
    state: z.enum(["pending", "delivered", "failed"]).optional().describe("Only notifications in this state."),
    channel: z.string().max(40).optional().describe("Only notifications sent to the channel with this name."),
    cursor: z
      .string()
      .max(MAX_CURSOR_CHARS)
      .optional()
      .describe("nextCursor from the previous page; omit for the newest."),
  }),
  output: z.object({ deliveries: z.array(deliveryOutput), total: z.number().int(), nextCursor: z.string().optional() }),
  async handler({ cursor, ...args }, ctx) {
    const before = cursor === undefined ? undefined : decodeCursor(cursor, isHistoryPosition);
    if (cursor !== undefined && !before)
      throw new UserError(
        "That cursor is not valid: pass back nextCursor exactly as notify_history returned it, or omit it for the newest.",
      );
    const { deliveries, total, older } = await outboxFor(ctx).history({ ...args, ...(before && { before }) });
    const reply = (shown: number) => {
      const page = deliveries.slice(0, shown);
      const last = page.at(-1);
      const more = older + deliveries.length - shown;
      const nextCursor = more > 0 && last ? encodeCursor({ at: Date.parse(last.createdAt), id: last.id }) : undefined;
      const text =
        page.length === 0
          ? total === 0 && !args.state && !args.channel
            ? "No notifications have been sent yet."
            : cursor
              ? "No older notifications."
              : "No notifications match."
          : `${page.map(describeDelivery).join("\n")}${nextCursor ? `\n\n${more} older: call notify_history again with cursor "${nextCursor}".` : ""}`;
      return { data: { deliveries: page, total, ...(nextCursor && { nextCursor }) }, text };
    };
    // A page trimmed to what fits the output cap; the cursor continues after its last delivery.
    const fits = fitsCap(ctx);
    return reply(deliveries.length === 0 ? 0 : partEnd(deliveries.length, 0, (shown) => fits(reply(shown))));
  },
});
