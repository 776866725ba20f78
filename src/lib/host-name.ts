/**
 * Host names as every host check in Outpost compares them. The URL parser lower-cases names and
 * folds IPv4 forms (`127.0.0.1.`, `0x7f.1`) into dotted decimal, but keeps a name's trailing dot:
 * `localhost.` is the absolute form of `localhost` (RFC 1034 §3.1) and resolves to the same host,
 * so a check that compares raw names lets it through. Every policy (loopback, private names,
 * service hosts, origins) reads names through `canonicalHostName` first.
 */

/**
 * `LOCALHOST.` → `localhost`, `[::1]` → `::1`: lower case, IPv6 brackets removed, one root dot dropped.
 * Two trailing dots are no host name at all and stay as they are (and so match no policy).
 */
export function canonicalHostName(hostname: string): string {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host.endsWith(".") && !host.endsWith("..") ? host.slice(0, -1) : host;
}

/** Dotted-decimal IPv4 (as the URL parser writes every IPv4 form), or undefined. */
export function parseIpv4(host: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return undefined;
  const parts = match.slice(1).map(Number);
  return parts.every((part) => part <= 255) ? parts : undefined;
}

/**
 * Whether a host is a loopback name or address: `localhost` and any name under it (RFC 6761 §6.3),
 * 127.0.0.0/8 and ::1 (RFC 8252 §7.3).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = canonicalHostName(hostname);
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || parseIpv4(host)?.[0] === 127;
}

/**
 * Whether a host, exactly as the request's URL spells it, may be a plain-http OAuth resource: the
 * OAuth provider accepts `http` only for `localhost`, 127.0.0.0/8 and `[::1]`, and refuses to be
 * built for any other http origin. Subdomains of localhost and the absolute `localhost.` are
 * loopback too, but are not served (421 with a hint).
 */
export function isLoopbackResourceHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || parseIpv4(hostname)?.[0] === 127;
}

/** Whether an origin is served on a loopback name: a server on this computer (`wrangler dev`). */
export function isLoopbackOrigin(origin: string): boolean {
  return isLoopbackHost(new URL(origin).hostname);
}
