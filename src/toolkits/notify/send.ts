import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { MESSAGE_MAX_CHARS, PRIORITIES, TITLE_MAX_CHARS } from "../../notify/services";
import { outboxFor, unwrap } from "./outbox-client";
import { channelReference } from "./schemas";
import { NOTIFY_SEND } from "./scopes";

export const notifySend = defineTool({
  name: "notify_send",
  title: "Send a notification",
  description:
    "Send a push or chat notification to the user through one of their channels (ntfy, Slack, Discord or a webhook). " +
    "Returns a delivery id at once; delivery happens in the background with retries, so call notify_status with the id " +
    "to confirm it arrived. Without channel, the default channel is used. Priority maps to each service (ntfy priority, " +
    "Slack/Discord @here for urgent, Discord silent for low). A repeated call is never sent twice: the same idempotencyKey " +
    "within 24 hours, or without a key the same channel, title, message and priority within 10 minutes, returns the " +
    "first delivery instead. Counts toward the hourly limit.",
  scope: NOTIFY_SEND,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: z.object({
    message: z
      .string()
      .trim()
      .min(1, "message is empty: pass the text to send")
      .max(MESSAGE_MAX_CHARS, `message is longer than ${MESSAGE_MAX_CHARS} characters: send a shorter summary`)
      .describe("The notification text (plain text; Slack and Discord render basic Markdown)."),
    title: z
      .string()
      .trim()
      .min(1)
      .max(TITLE_MAX_CHARS)
      .optional()
      .describe(`Optional headline, up to ${TITLE_MAX_CHARS} characters.`),
    priority: z
      .enum(PRIORITIES)
      .default("normal")
      .describe("low (silent where possible), normal, high, or urgent (alerts everyone present)."),
    channel: channelReference.optional().describe("Channel name or id; the default channel when left out."),
    idempotencyKey: z
      .string()
      .regex(/^[\w.:-]{1,100}$/, "idempotencyKey may use letters, digits, '_', '-', '.' and ':', up to 100 characters")
      .optional()
      .describe("Optional key that makes retries safe: a second call with the same key returns the first delivery."),
  }),
  output: z.object({
    id: z.string(),
    state: z.enum(["pending", "delivered", "failed"]),
    channel: z.string(),
    service: z.string(),
    duplicate: z.boolean(),
  }),
  async confirm({ channel, message }, ctx) {
    const found = await outboxFor(ctx).describeChannel(channel);
    // Asked once per channel: the first notification shows where messages go from now on.
    if (!found || found.sentBefore) return undefined;
    const preview = message.length > 120 ? `${message.slice(0, 119)}…` : message;
    return {
      message:
        `Send the first notification to "${found.channel.name}" (${found.channel.service} → ${found.channel.target})? ` +
        `It reads: "${preview.replace(/\s+/g, " ")}". Later notifications to this channel are not asked about.`,
    };
  },
  async handler(args, ctx) {
    const { delivery, duplicate } = unwrap(await outboxFor(ctx).send(args));
    const data = {
      id: delivery.id,
      state: delivery.state,
      channel: delivery.channel,
      service: delivery.service,
      duplicate,
    };
    const text = duplicate
      ? `Not sent again: this notification was already queued as ${delivery.id} at ${delivery.createdAt} (state: ${delivery.state}). ` +
        "Call notify_status to follow it; pass a new idempotencyKey only if the user wants a second copy."
      : `Queued ${delivery.id} for "${delivery.channel}" (${delivery.service}). Delivery runs in the background; ` +
        "call notify_status with this id to confirm it arrived.";
    return { data, text };
  },
});
