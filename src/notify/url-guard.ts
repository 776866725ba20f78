/**
 * The SSRF guard for channel URLs. A channel URL is chosen by the user (or by Claude on their behalf)
 * and fetched later by the server, so it must never name something only the server can reach:
 * private, loopback, link-local, CGNAT or ULA addresses, or names that only resolve inside a network.
 * The runtime's `global_fetch_strictly_public` flag is a second guard behind this one (it also covers
 * public names that resolve to private addresses, which a Worker cannot check before fetching).
 */
import { isLoopbackHost } from "../config";
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
  slack: { pattern: /^\/(services|triggers|workflows)\/[A-Za-z0-9/_-]{8,}$/, example: "https://hooks.slack.com/services/T000/B000/XXXX" },
  discord: { pattern: /^\/api\/(v\d+\/)?webhooks\/\d+\/[A-Za-z0-9_-]+\/?$/, example: "https://discord.com/api/webhooks/123/abc" },
  webhook: { pattern: /^\/.*/, example: "https://example.com/hooks/outpost" },
};

/** Names that never resolve on the public internet (RFC 6761, RFC 6762, RFC 8375, common private suffixes). */
const PRIVATE_SUFFIXES = [".localhost", ".local", ".internal", ".intranet", ".lan", ".home", ".corp", ".home.arpa", ".localdomain", ".test", ".invalid", ".example"];

export function checkChannelUrl(service: ServiceName, raw: string, options: UrlGuardOptions): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `That is not a URL. Paste the full ${service} address, like ${SERVICE_PATHS[service].example}.` };
  }
  if (url.username || url.password) {
    return { ok: false, reason: "The URL contains a user name or password; remove them (use a signing secret for webhooks instead)." };
  }
  const host = url.hostname.toLowerCase();

  // The development switch: loopback only, never other private ranges, and only when the operator set it.
  if (isLoopbackHost(host)) {
    if (!options.allowLoopback) {
      return { ok: false, reason: "Loopback addresses (localhost, 127.0.0.1, ::1) are not allowed: the URL must be a public https address." };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, reason: "Use an http or https URL." };
    return { ok: true, url };
  }

  if (url.protocol !== "https:") return { ok: false, reason: "The URL must start with https:// (plain http would send the message unencrypted)." };
  const privateReason = privateHostReason(host);
  if (privateReason) return { ok: false, reason: privateReason };

  const hosts = SERVICE_HOSTS[service];
  if (hosts && !hosts.includes(host)) {
    return { ok: false, reason: `A ${service} webhook URL is on ${hosts.join(" or ")}, not ${host}. Copy the webhook URL from ${service}'s settings, like ${SERVICE_PATHS[service].example}.` };
  }
  if (!SERVICE_PATHS[service].pattern.test(url.pathname)) {
    return { ok: false, reason: `That does not look like a ${service} URL; expected something like ${SERVICE_PATHS[service].example}.` };
  }
  return { ok: true, url };
}

/** Why a host (already lower-cased, as the URL parser gives it) is not a public internet host, or undefined. */
export function privateHostReason(host: string): string | undefined {
  const bare = host.replace(/^\[|\]$/g, "");
  if (bare.includes(":")) return isPublicIpv6(bare) ? undefined : `${host} is a private, loopback or reserved IPv6 address.`;
  const v4 = parseIpv4(bare);
  if (v4) return isPublicIpv4(v4) ? undefined : `${host} is a private, loopback, link-local or reserved IPv4 address.`;
  if (!bare.includes(".")) return `${host} is not a public domain name.`;
  if (PRIVATE_SUFFIXES.some((suffix) => bare.endsWith(suffix))) return `${host} is a local or internal name, not a public domain name.`;
  return undefined;
}

/** The URL parser already turns 0x7f.1, 2130706433 and friends into dotted decimal (WHATWG URL §host parsing). */
function parseIpv4(host: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return undefined;
  const parts = match.slice(1).map(Number);
  return parts.every((part) => part <= 255) ? parts : undefined;
}

/** IANA special-purpose IPv4 registry (RFC 6890 and updates): none of these is a public host. */
const IPV4_BLOCKED: [number[], number][] = [
  [[0, 0, 0, 0], 8], // "this network"
  [[10, 0, 0, 0], 8], // RFC 1918
  [[100, 64, 0, 0], 10], // CGNAT, RFC 6598
  [[127, 0, 0, 0], 8], // loopback
  [[169, 254, 0, 0], 16], // link-local (cloud metadata endpoints live here)
  [[172, 16, 0, 0], 12], // RFC 1918
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2, 0], 24], // TEST-NET-1
  [[192, 88, 99, 0], 24], // 6to4 relay anycast
  [[192, 168, 0, 0], 16], // RFC 1918
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24], // TEST-NET-2
  [[203, 0, 113, 0], 24], // TEST-NET-3
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, broadcast
];

export function isPublicIpv4(parts: number[]): boolean {
  const value = toUint32(parts);
  return !IPV4_BLOCKED.some(([base, bits]) => (value >>> (32 - bits)) === (toUint32(base) >>> (32 - bits)));
}

function toUint32(parts: number[]): number {
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

/** Public IPv6 is global unicast 2000::/3 minus documentation; IPv4-mapped and NAT64 forms are judged by their IPv4. */
export function isPublicIpv6(address: string): boolean {
  const groups = expandIpv6(address);
  if (!groups) return false;
  const embedded = [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff];
  // ::ffff:a.b.c.d (RFC 4291 §2.5.5.2) and 64:ff9b::a.b.c.d (RFC 6052) reach IPv4 hosts.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return isPublicIpv4(embedded);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return isPublicIpv4(embedded);
  const first = groups[0]!;
  if ((first & 0xe000) !== 0x2000) return false; // ::, ::1, fc00::/7 (ULA), fe80::/10, ff00::/8 …
  if (first === 0x2001 && groups[1] === 0x0db8) return false; // documentation, RFC 3849
  if (first === 0x2002) return false; // 6to4 can embed any IPv4 address
  if (first === 0x2001 && groups[1]! < 0x0200) return false; // 2001::/23 IETF protocol assignments (Teredo, ORCHID …)
  return true;
}

function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIpv4(dotted[1]!);
    if (!v4) return undefined;
    text = text.slice(0, -dotted[1]!.length) + `${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const [head, tail, ...rest] = text.split("::");
  if (rest.length > 0) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...new Array<number>(tail === undefined ? 0 : missing).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** `hooks.slack.com/…/x7Qa`: enough to recognise a channel, never enough to use it. */
export function maskUrl(url: URL): string {
  const tail = url.pathname.replace(/\/+$/, "").slice(-4);
  const host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
  return `${host}/…/${tail}`;
}
