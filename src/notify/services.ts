/**
 * The four delivery services and how a notification becomes each one's HTTP request. Priority is
 * mapped to what each service actually has: ntfy's 1–5 priority, Slack's and Discord's mentions
 * and Discord's silent flag, and a plain field for generic webhooks.
 */
import { hmacSha256Hex } from "./crypto";

export const SERVICES = ["ntfy", "slack", "discord", "webhook"] as const;
export type ServiceName = (typeof SERVICES)[number];

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Limits that fit every service (Discord: 2,000 characters of content; title + message below that). */
export const MESSAGE_MAX_CHARS = 1800;
export const TITLE_MAX_CHARS = 100;

export interface Notification {
  deliveryId: string;
  title: string | null;
  message: string;
  priority: Priority;
  /** A channel test, not a real notification. */
  test: boolean;
  createdAt: number;
}

export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** ntfy priorities: 1 min, 2 low, 3 default, 4 high, 5 max (docs.ntfy.sh "Message priority"). */
const NTFY_PRIORITY: Record<Priority, number> = { low: 2, normal: 3, high: 4, urgent: 5 };

/**
 * Discord message flag SUPPRESS_NOTIFICATIONS (1 << 12): the message arrives without a push or
 * sound, which is what "low" means to a Discord user.
 */
const DISCORD_SILENT = 1 << 12;

export async function buildRequest(
  service: ServiceName,
  url: URL,
  secret: string | null,
  note: Notification,
  now: number,
): Promise<OutboundRequest> {
  const json = { "Content-Type": "application/json", "User-Agent": "Outpost-Notify/1" };
  switch (service) {
    case "ntfy":
      return { url: ntfyPublishUrl(url).href, headers: json, body: JSON.stringify(ntfyBody(url, note)) };
    case "slack":
      return { url: url.href, headers: json, body: JSON.stringify(slackBody(note)) };
    case "discord":
      return { url: discordUrl(url), headers: json, body: JSON.stringify(discordBody(note)) };
    case "webhook": {
      const body = JSON.stringify(webhookBody(note));
      const timestamp = String(Math.floor(now / 1000));
      const headers: Record<string, string> = {
        ...json,
        "X-Outpost-Delivery": note.deliveryId,
        "X-Outpost-Timestamp": timestamp,
      };
      // Signed over "<timestamp>.<body>" so a captured request cannot be replayed with a new timestamp.
      if (secret) headers["X-Outpost-Signature"] = `sha256=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`;
      return { url: url.href, headers, body };
    }
  }
}

/**
 * ntfy's JSON publishing: POST to the server root with the topic in the body
 * (docs.ntfy.sh "Publish as JSON"); the channel URL is the topic URL.
 */
function ntfyBody(url: URL, note: Notification) {
  const topic = url.pathname.replace(/^\/+|\/+$/g, "");
  return {
    topic,
    message: note.message,
    ...(note.title && { title: note.title }),
    priority: NTFY_PRIORITY[note.priority],
    ...(note.test && { tags: ["white_check_mark"] }),
  };
}

/** The JSON publish endpoint is the ntfy server's root, next to the topic. */
export function ntfyPublishUrl(topicUrl: URL): URL {
  return new URL("/", topicUrl);
}

function slackPrefix(priority: Priority): string {
  if (priority === "urgent") return "<!here> :rotating_light: ";
  if (priority === "high") return ":warning: ";
  return "";
}

/** Slack incoming webhook: `text` is the notification fallback, `blocks` the rendered message. */
function slackBody(note: Notification) {
  const prefix = slackPrefix(note.priority);
  const text = `${prefix}${note.title ? `${note.title}: ` : ""}${note.message}`;
  const blocks: Record<string, unknown>[] = [];
  if (note.title) blocks.push({ type: "header", text: { type: "plain_text", text: note.title, emoji: true } });
  blocks.push({ type: "section", text: { type: "mrkdwn", text: `${prefix}${note.message}` } });
  return { text, blocks };
}

/** `?wait=true` makes Discord answer 200 after the message exists instead of 204 before (Execute Webhook). */
function discordUrl(url: URL): string {
  const copy = new URL(url);
  copy.searchParams.set("wait", "true");
  return copy.href;
}

function discordBody(note: Notification) {
  const mention = note.priority === "urgent" ? "@here " : note.priority === "high" ? "⚠️ " : "";
  const content = `${mention}${note.title ? `**${note.title}**\n` : ""}${note.message}`;
  return {
    content,
    // Only an urgent message may ping; a message body can never mention anyone by itself.
    allowed_mentions: { parse: note.priority === "urgent" ? ["everyone"] : [] },
    ...(note.priority === "low" && { flags: DISCORD_SILENT }),
  };
}

function webhookBody(note: Notification) {
  return {
    id: note.deliveryId,
    type: note.test ? "test" : "notification",
    title: note.title,
    message: note.message,
    priority: note.priority,
    createdAt: new Date(note.createdAt).toISOString(),
  };
}
