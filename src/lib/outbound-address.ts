/**
 * Whether a host is on the public internet, for every fetch whose target a user or a client chose
 * (notification channels, identity providers). `global_fetch_strictly_public` guards deployed
 * fetches as well, but not under `wrangler dev`, and it cannot name the problem for the user.
 */

import { canonicalHostName, parseIpv4 } from "./host-name";

/** Names that only resolve inside a network, or are reserved (RFC 6761, RFC 8375, common private TLDs). */
export const PRIVATE_SUFFIXES = [
  ".localhost",
  ".local",
  ".internal",
  ".intranet",
  ".lan",
  ".home",
  ".corp",
  ".home.arpa",
  ".localdomain",
  ".test",
  ".invalid",
  ".example",
];

/** Why a host is not a public internet host, or undefined. Judged on its canonical name (`host-name.ts`). */
export function privateHostReason(host: string): string | undefined {
  const bare = canonicalHostName(host);
  const address = privateAddressReason(host);
  if (address || bare.includes(":") || parseIpv4(bare)) return address;
  if (!bare.includes(".")) return `${host} is not a public domain name.`;
  if (PRIVATE_SUFFIXES.some((suffix) => bare.endsWith(suffix)))
    return `${host} is a local or internal name, not a public domain name.`;
  return undefined;
}

/**
 * Why an IP literal is not a public address, or undefined (also for names, which only DNS can
 * place). For targets an operator configures, where private names may be legitimate.
 */
export function privateAddressReason(host: string): string | undefined {
  const bare = canonicalHostName(host);
  if (bare.includes(":"))
    return isPublicIpv6(bare) ? undefined : `${host} is a private, loopback or reserved IPv6 address.`;
  const v4 = parseIpv4(bare);
  if (v4) return isPublicIpv4(v4) ? undefined : `${host} is a private, loopback, link-local or reserved IPv4 address.`;
  return undefined;
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
  return !IPV4_BLOCKED.some(([base, bits]) => value >>> (32 - bits) === toUint32(base) >>> (32 - bits));
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
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0))
    return isPublicIpv4(embedded);
  const first = groups[0]!;
  if ((first & 0xe000) !== 0x2000) return false; // ::, ::1, fc00::/7 (ULA), fe80::/10, ff00::/8 …
  if (first === 0x2001 && groups[1] === 0x0db8) return false; // documentation, RFC 3849
  if (first === 0x2002) return false; // 6to4 can embed any IPv4 address
  if (first === 0x2001 && groups[1]! < 0x0200) return false; // 2001::/23 IETF protocol assignments (Teredo, ORCHID …)
  return true;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail converted), or undefined. */
export function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIpv4(dotted[1]!);
    if (!v4) return undefined;
    text =
      text.slice(0, -dotted[1]!.length) +
      `${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
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
