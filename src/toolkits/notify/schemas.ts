/** Zod shapes shared by the notify tools' inputs and outputs (flat records, see docs/adding-a-toolkit.md). */
import { z } from "zod";
import { PRIORITIES, SERVICES } from "../../notify/services";

export const channelReference = z
  .string()
  .min(1)
  .max(40)
  .describe("The channel's name or id, as notify_channels_list shows it.");

export const channelName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$/,
    "name may use letters, digits, spaces, '_', '-' and '.', up to 40 characters, starting with a letter or digit",
  );

/**
 * What a new channel needs: the input of notify_channel_add, and of the console's add-channel form
 * (one validation for both; the Outbox then checks the URL itself with its SSRF guard).
 */
export const channelAddInput = z.object({
  service: z.enum(SERVICES).describe("ntfy, slack, discord or webhook."),
  url: z.string().min(1).max(2048).describe("The topic or webhook URL (https)."),
  name: channelName
    .optional()
    .describe('A short name to refer to the channel, e.g. "phone" or "team-alerts"; defaults to the service.'),
  secret: z
    .string()
    .min(16, "secret must be at least 16 characters")
    .max(256)
    .optional()
    .describe('webhook only: shared secret for the X-Outpost-Signature header (HMAC-SHA256 of "<timestamp>.<body>").'),
  makeDefault: z.boolean().optional().describe("Make this the channel notify_send uses when none is named."),
});

export const channelOutput = z.object({
  id: z.string(),
  name: z.string(),
  service: z.enum(SERVICES),
  target: z.string(),
  signed: z.boolean(),
  isDefault: z.boolean(),
  createdAt: z.string(),
});

export const deliveryOutput = z.object({
  id: z.string(),
  kind: z.enum(["notification", "test"]),
  channel: z.string(),
  service: z.enum(SERVICES),
  title: z.string().nullable(),
  preview: z.string(),
  priority: z.enum(PRIORITIES),
  state: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export type DeliveryOutput = z.infer<typeof deliveryOutput>;

/** One line a person can read: "ntf_… to "phone" (ntfy): delivered after 2 attempts". */
export function describeDelivery(d: DeliveryOutput): string {
  const attempts = `${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`;
  const head = `${d.id}${d.kind === "test" ? " (test)" : ""} to "${d.channel}" (${d.service}), ${d.priority} priority, created ${d.createdAt}`;
  if (d.state === "delivered")
    return `${head}: delivered after ${attempts}${d.lastStatus ? ` (HTTP ${d.lastStatus})` : ""}.`;
  if (d.state === "failed") return `${head}: failed after ${attempts}. ${d.reason ?? ""}`.trim();
  const next = d.nextAttemptAt ? ` Next attempt at ${d.nextAttemptAt}.` : "";
  return `${head}: pending, ${attempts} so far of ${d.maxAttempts}.${d.reason ? ` Last problem: ${d.reason}` : ""}${next}`;
}
