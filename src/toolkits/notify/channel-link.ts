import { z } from "zod";
import { hashOfJson } from "../../lib/canonical-json";
import { defineTool, type ToolContext, UserError } from "../../mcp/define";
import { CHANNEL_LINK_TTL_MS } from "../../notify/channel-links";
import { SERVICES, type ServiceName } from "../../notify/services";
import { outboxFor } from "./outbox-client";
import { channelName } from "./schemas";
import { NOTIFY_MANAGE } from "./scopes";

/** Where the page lives; the owner console mounts its other pages under /account too. */
export const CHANNEL_PAGE_PATH = "/account/channels/new";

const MINUTES = CHANNEL_LINK_TTL_MS / 60_000;

export const notifyChannelLink = defineTool({
  name: "notify_channel_link",
  title: "Add a channel on a private page",
  description:
    "Give the user a one-time link to an Outpost page where they add a notification channel themselves, typing the " +
    "webhook URL and signing secret there, so those never pass through this conversation. Prefer this to " +
    "notify_channel_add whenever the URL carries a token (Slack, Discord and most webhooks do). Apps that can open " +
    `links offer the page to the user directly; otherwise pass the link on. It works once, for ${MINUTES} minutes, after ` +
    "the user signs in; then call notify_channels_list to see the new channel.",
  scope: NOTIFY_MANAGE,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    service: z
      .enum(SERVICES)
      .optional()
      .describe("ntfy, slack, discord or webhook, if known: the page starts with it."),
    name: channelName
      .optional()
      .describe("A short name for the channel, if the user gave one: the page starts with it."),
  }),
  output: z.object({ link: z.string(), expiresAt: z.string() }),
  async confirm(args, ctx) {
    const { link } = await channelLink(args, ctx);
    return {
      message: `Open this Outpost page to add a notification channel: you type its URL${args.service === "webhook" || !args.service ? " (and signing secret)" : ""} there, so it never passes through this conversation. The link works once, for ${MINUTES} minutes.`,
      url: link,
    };
  },
  async handler(args, ctx) {
    const { link, expiresAt } = await channelLink(args, ctx);
    return {
      data: { link, expiresAt },
      text:
        `The page to add the channel: ${link} — for the user to open (it asks them to sign in; it works once, until ${expiresAt}). ` +
        "Do not ask the user to paste the webhook URL into the conversation. Once they say it is done, call notify_channels_list.",
    };
  },
});

/**
 * The link for this call: the same for every round of one call and for a retry by the same client
 * with the same arguments while it is live (channel-links.ts), so the page offered is the one
 * reported.
 */
async function channelLink(
  args: { service?: ServiceName; name?: string },
  ctx: ToolContext,
): Promise<{ link: string; expiresAt: string }> {
  const origin = ctx.props.origin ?? ctx.config.publicUrl;
  if (!origin)
    throw new UserError("This connection does not know the server's public address; use notify_channel_add instead.");
  const key = `${ctx.props.clientId}:${await hashOfJson(args)}`;
  const { token, expiresAt } = await outboxFor(ctx).channelLink(key, {
    userId: ctx.props.userId,
    service: args.service,
    name: args.name,
  });
  const url = new URL(CHANNEL_PAGE_PATH, origin);
  url.searchParams.set("link", token);
  return { link: url.href, expiresAt: new Date(expiresAt).toISOString() };
}
