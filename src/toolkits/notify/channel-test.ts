import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { outboxFor, unwrap } from "./outbox-client";
import { channelReference, deliveryOutput, describeDelivery } from "./schemas";
import { NOTIFY_MANAGE } from "./scopes";

export const notifyChannelTest = defineTool({
  name: "notify_channel_test",
  title: "Test a notification channel",
  description:
    "Send a short test message through a channel right now (one attempt, no retries) and report what the service " +
    "answered, so a wrong or deleted webhook shows up immediately. Counts toward the hourly limit.",
  scope: NOTIFY_MANAGE,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: z.object({ channel: channelReference }),
  output: deliveryOutput,
  async handler({ channel }, ctx) {
    const delivery = unwrap(await outboxFor(ctx).testChannel(channel));
    const text =
      delivery.state === "delivered"
        ? `The test message reached "${delivery.channel}" (HTTP ${delivery.lastStatus}). Ask the user whether it arrived.`
        : `The test message was not delivered to "${delivery.channel}": ${delivery.reason} ` +
          "Check the URL with the user; remove the channel and add it again with the corrected URL.";
    return { data: delivery, text: `${text}\n${describeDelivery(delivery)}` };
  },
});
