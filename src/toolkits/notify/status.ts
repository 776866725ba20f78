import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { outboxFor, unwrap } from "./outbox-client";
import { deliveryOutput, describeDelivery } from "./schemas";
import { NOTIFY_READ } from "./scopes";

export const notifyStatus = defineTool({
  name: "notify_status",
  title: "Notification status",
  description:
    "Check one notification by the id notify_send returned: pending (with attempts so far and the next retry), " +
    "delivered, or failed with the reason (e.g. the webhook was deleted). Use it to confirm a notification arrived.",
  scope: NOTIFY_READ,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    id: z
      .string()
      .regex(/^ntf_[a-z0-9]{16}$/, "id looks like ntf_ followed by 16 letters and digits, as notify_send returns it")
      .describe("The delivery id."),
  }),
  output: deliveryOutput,
  async handler({ id }, ctx) {
    const delivery = unwrap(await outboxFor(ctx).status(id));
    return { data: delivery, text: describeDelivery(delivery) };
  },
});
