/**
 * The SSRF guard for channel URLs. A channel URL is chosen by the user (or by Claude on their behalf)
 * and fetched later by the server, so it must never name something only the server can reach:
 * private, loopback, link-local, CGNAT or ULA addresses, or names that only resolve inside a network.
 * The runtime's `global_fetch_strictly_public` flag is a second guard behind this one (it also covers
 * public names that resolve to private addresses, which a Worker cannot check before fetching).
 */
import { canonicalHostName, isLoopbackHost } from "../lib/host-name";
import { privateHostReason } from "../lib/outbound-address";
import type { ServiceName } from "./services";

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export interface UrlGuardOptions {
  /** NOTIFY_ALLOW_LOOPBACK: accept http(s)://127.0.0.1 / localhost / [::1] for local testing. */
  allowLoopback: boolean;
}

/** The hosts each hosted service sends from; ntfy and generic webhooks may be self-hosted anywhere public. */
const SERVICE_HOSTS: Partial<Record<ServiceName, readonly string[]>> = {
  slack: ["hooks.slack.com"],
  discord: ["discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com"],
};

/** Path shapes, so a wrong paste (a channel page instead of a webhook) fails now, not at delivery. */
const SERVICE_PATHS: Record<ServiceName, { pattern: RegExp; example: string }> = {
  ntfy: { pattern: /^\/[A-Za-z0-9_-]{1,64}$/, example: "https://ntfy.sh/my-alerts" },
  slack: {
    pattern: /^\/(services|triggers|workflows)\/[A-Za-z0-9/_-]{8,}$/,
    example: "https://hooks.slack.com/services/T000/B000/XXXX",
  },
  discord: {
    pattern: /^\/api\/(v\d+\/)?webhooks\/\d+\/[A-Za-z0-9_-]+\/?$/,
    example: "https://discord.com/api/webhooks/123/abc",
  },
  webhook: { pattern: /^\/.*/, example: "https://example.com/hooks/outpost" },
};

export function checkChannelUrl(service: ServiceName, raw: string, options: UrlGuardOptions): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return {
      ok: false,
      reason: `That is not a URL. Paste the full ${service} address, like ${SERVICE_PATHS[service].example}.`,
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      reason: "The URL contains a user name or password; remove them (use a signing secret for webhooks instead).",
    };
  }
  const host = canonicalHostName(url.hostname);

  // The development switch: loopback only, never other private ranges, and only when the operator set it.
  if (isLoopbackHost(host)) {
    if (!options.allowLoopback) {
      return {
        ok: false,
        reason:
          "Loopback addresses (localhost, 127.0.0.1, ::1) are not allowed: the URL must be a public https address.",
      };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return { ok: false, reason: "Use an http or https URL." };
    return { ok: true, url };
  }

  if (url.protocol !== "https:")
    return { ok: false, reason: "The URL must start with https:// (plain http would send the message unencrypted)." };
  const privateReason = privateHostReason(host);
  if (privateReason) return { ok: false, reason: privateReason };

  const hosts = SERVICE_HOSTS[service];
  if (hosts && !hosts.includes(host)) {
    return {
      ok: false,
      reason: `A ${service} webhook URL is on ${hosts.join(" or ")}, not ${host}. Copy the webhook URL from ${service}'s settings, like ${SERVICE_PATHS[service].example}.`,
    };
  }
  if (!SERVICE_PATHS[service].pattern.test(url.pathname)) {
    return {
      ok: false,
      reason: `That does not look like a ${service} URL; expected something like ${SERVICE_PATHS[service].example}.`,
    };
  }
  return { ok: true, url };
}

/** `hooks.slack.com/…/x7Qa`: enough to recognise a channel, never enough to use it. */
export function maskUrl(url: URL): string {
  const tail = url.pathname.replace(/\/+$/, "").slice(-4);
  const host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
  return `${host}/…/${tail}`;
}
