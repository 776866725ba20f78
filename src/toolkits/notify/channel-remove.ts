import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { outboxFor, unwrap } from "./outbox-client";
import { channelReference } from "./schemas";
import { NOTIFY_MANAGE } from "./scopes";

export const notifyChannelRemove = defineTool({
  name: "notify_channel_remove",
  title: "Remove a notification channel",
  description:
    "Delete a channel and its stored URL. Notifications still waiting for delivery on it are marked failed. If it was " +
    "the default, the oldest remaining channel becomes the default. History of past notifications is kept.",
  scope: NOTIFY_MANAGE,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({ channel: channelReference }),
  output: z.object({
    removed: z.string(),
    service: z.string(),
    cancelled: z.number().int(),
    newDefault: z.string().nullable(),
  }),
  async confirm({ channel }, ctx) {
    const found = await outboxFor(ctx).describeChannel(channel);
    if (!found) return undefined;
    const waiting =
      found.waiting > 0
        ? ` ${found.waiting} notification${found.waiting === 1 ? " still waiting on it" : "s still waiting on it"} will not be delivered.`
        : "";
    return {
      message: `Remove the notification channel "${found.channel.name}" (${found.channel.service} → ${found.channel.target}) and its stored URL?${waiting}`,
    };
  },
  async handler({ channel }, ctx) {
    const result = unwrap(await outboxFor(ctx).removeChannel(channel));
    const data = {
      removed: result.channel.name,
      service: result.channel.service,
      cancelled: result.cancelled,
      newDefault: result.newDefault,
    };
    const parts = [`Removed channel "${data.removed}" (${data.service}).`];
    if (data.cancelled > 0)
      parts.push(
        `${data.cancelled} undelivered notification${data.cancelled === 1 ? " was" : "s were"} marked failed.`,
      );
    if (result.channel.isDefault)
      parts.push(data.newDefault ? `"${data.newDefault}" is now the default.` : "No channels are left.");
    return { data, text: parts.join(" ") };
  },
});
