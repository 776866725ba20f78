import { defineTool } from "../../mcp/define";
import { MAX_CHANNELS } from "../../notify/channels";
import { outboxFor, unwrap } from "./outbox-client";
import { channelAddInput, channelOutput } from "./schemas";
import { NOTIFY_MANAGE } from "./scopes";

export const notifyChannelAdd = defineTool({
  name: "notify_channel_add",
  title: "Add a notification channel",
  description:
    "Save a delivery channel for notify_send. service ntfy: a topic URL like https://ntfy.sh/my-topic (any public https " +
    "ntfy server); slack: an incoming webhook (https://hooks.slack.com/services/…); discord: a channel webhook " +
    "(https://discord.com/api/webhooks/…); webhook: any public https URL that accepts JSON, optionally signed with a secret " +
    "(HMAC-SHA256). The URL is stored encrypted and never shown again in full. The first channel becomes the default. " +
    `Up to ${MAX_CHANNELS} channels. Nothing is sent: follow with notify_channel_test. When the URL carries a token, ` +
    "prefer notify_channel_link: the user types it on a private page instead of in the conversation.",
  scope: NOTIFY_MANAGE,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: channelAddInput,
  output: channelOutput,
  async handler(args, ctx) {
    const channel = unwrap(await outboxFor(ctx).addChannel(args));
    return {
      data: channel,
      text:
        `Added channel "${channel.name}" (${channel.service} → ${channel.target})${channel.isDefault ? ", the default" : ""}` +
        `${channel.signed ? ", with signed requests" : ""}. Call notify_channel_test to check that messages arrive.`,
    };
  },
});
