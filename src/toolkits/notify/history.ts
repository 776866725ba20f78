import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { outboxFor } from "./outbox-client";
import { deliveryOutput, describeDelivery } from "./schemas";
import { NOTIFY_READ } from "./scopes";

const MAX_LIMIT = 50;

export const notifyHistory = defineTool({
  name: "notify_history",
  title: "Notification history",
  description:
    "List recent notifications and channel tests, newest first, with their delivery state and, for failures, the reason. " +
    `Filter by state or channel; at most ${MAX_LIMIT} per call (default 10). History is kept for 30 days.`,
  scope: NOTIFY_READ,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    limit: z.number().int().min(1).max(MAX_LIMIT).default(10).describe(`How many to list, 1–${MAX_LIMIT}.`),
    state: z.enum(["pending", "delivered", "failed"]).optional().describe("Only notifications in this state."),
    channel: z.string().max(40).optional().describe("Only notifications sent to the channel with this name."),
  }),
  output: z.object({ deliveries: z.array(deliveryOutput), total: z.number().int() }),
  async handler(args, ctx) {
    const { deliveries, total } = await outboxFor(ctx).history(args);
    const text =
      deliveries.length === 0
        ? total === 0 && !args.state && !args.channel
          ? "No notifications have been sent yet."
          : "No notifications match."
        : `${deliveries.map(describeDelivery).join("\n")}${total > deliveries.length ? `\n(${total - deliveries.length} older not shown; raise limit or filter.)` : ""}`;
    return { data: { deliveries, total }, text };
  },
});
