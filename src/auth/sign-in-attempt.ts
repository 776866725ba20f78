/**
 * Who a passphrase attempt is counted against (docs/identity.md, "Wrong passphrases"). A browser
 * with a device mark is counted as that device. Otherwise by its address, CF-Connecting-IP, with
 * IPv6 grouped by /64 (one subscriber usually holds a whole /64). When the address says nothing, as
 * under `wrangler dev`, where every request arrives from loopback, one address bucket would let one
 * caller lock out everyone; attempts are then counted per OAuth client instead.
 */
import { isLoopbackHost } from "../lib/host-name";
import { deviceMarkOf } from "./device-mark";

export interface SignInAttempt {
  /** `address:<ip or /64>` or `client:<client id>`; used when the browser has no valid device mark. */
  bucket: string;
  /** The browser's device mark cookie, unverified: the throttle checks it. */
  deviceMark?: string;
}

/** The attempt a request makes on behalf of the OAuth client `clientId`. */
export function signInAttempt(request: Request, clientId: string): SignInAttempt {
  const address = addressBucket(request.headers.get("CF-Connecting-IP")?.trim() ?? "");
  const deviceMark = deviceMarkOf(request);
  return { bucket: address ?? `client:${clientId}`, ...(deviceMark ? { deviceMark } : {}) };
}

/** `address:…` for a usable public address; undefined when missing, loopback or unreadable. */
function addressBucket(address: string): string | undefined {
  if (!address) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  if (isLoopbackHost(ip)) return undefined;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return `address:${ip}`;
  const groups = expandIpv6(ip);
  if (!groups) return undefined;
  if (groups.every((group, index) => group === (index === 7 ? 1 : 0))) return undefined; // ::1 spelled out
  return `address:${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function expandIpv6(address: string): number[] | undefined {
  const halves = address.toLowerCase().split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(":") : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => Number.parseInt(group, 16));
}
