import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { MAX_CHANNELS } from "../../notify/channels";
import { outboxFor } from "./outbox-client";
import { channelOutput } from "./schemas";
import { NOTIFY_READ } from "./scopes";

export const notifyChannelsList = defineTool({
  name: "notify_channels_list",
  title: "List notification channels",
  description:
    "List the user's notification channels: name, service, masked target (host and the last characters only; full URLs " +
    "are never shown), whether webhook requests are signed, and which one is the default for notify_send.",
  scope: NOTIFY_READ,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({}),
  output: z.object({ channels: z.array(channelOutput), max: z.number().int() }),
  async handler(_args, ctx) {
    const channels = await outboxFor(ctx).listChannels();
    const text =
      channels.length === 0
        ? "No channels yet. Add one with notify_channel_add (an ntfy topic URL, or a Slack, Discord or webhook URL)."
        : channels
            .map(
              (c) =>
                `${c.name}${c.isDefault ? " (default)" : ""}: ${c.service} → ${c.target}${c.signed ? ", signed" : ""} [${c.id}]`,
            )
            .join("\n");
    return { data: { channels, max: MAX_CHANNELS }, text };
  },
});
