/**
 * The device mark: a browser that has proven the owner passphrase once carries a signed, HttpOnly
 * `__Host-` cookie naming a random device id. The sign-in throttle counts that device's failures on
 * their own (its own limit) and never applies the overall limit to it, so strangers spraying wrong
 * passphrases cannot lock the owner out of a browser they have used before (docs/identity.md).
 *
 * The key is derived from a random secret the SignInThrottle Durable Object creates on first use
 * and keeps in its own storage, together with OWNER_PASSPHRASE: a fresh deployment needs no extra
 * setting, and changing the passphrase retires every mark issued under the old one.
 */
import { bytesToBase64Url as base64url } from "../lib/encoding";
import { hmacKey, openValue, readCookie, signValue } from "./signed-cookie";

export const DEVICE_MARK_COOKIE = "__Host-outpost-device";
/** How long a mark lasts; every sign-in on the device renews it. */
export const DEVICE_MARK_SECONDS = 180 * 24 * 3600;

/** The mark's signing key: the throttle's stored secret and the current owner passphrase. */
export function deviceMarkKey(secret: Uint8Array, passphrase: string): Promise<CryptoKey> {
  const suffix = new TextEncoder().encode(`outpost-device-mark:${passphrase}`);
  const material = new Uint8Array(secret.length + suffix.length);
  material.set(secret);
  material.set(suffix, secret.length);
  return hmacKey(material);
}

/** A new random device id. */
export function newDeviceId(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

/** The cookie value naming `deviceId`, valid for DEVICE_MARK_SECONDS from `nowMs`. */
export function signDeviceMark(key: CryptoKey, deviceId: string, nowMs: number): Promise<string> {
  return signValue(key, { d: deviceId, e: Math.floor(nowMs / 1000) + DEVICE_MARK_SECONDS });
}

/** The device id a mark names; undefined when it is forged, altered, expired or from an old key. */
export async function openDeviceMark(
  key: CryptoKey,
  value: string | undefined,
  nowMs: number,
): Promise<string | undefined> {
  const payload = (await openValue(key, value)) as { d?: unknown; e?: unknown } | undefined;
  if (!payload || typeof payload.d !== "string" || typeof payload.e !== "number") return undefined;
  return payload.e > Math.floor(nowMs / 1000) ? payload.d : undefined;
}

/** Set-Cookie for a mark: only this host, only HTTPS (or localhost), never readable by scripts. */
export function deviceMarkCookie(value: string): string {
  return `${DEVICE_MARK_COOKIE}=${value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${DEVICE_MARK_SECONDS}`;
}

/** The mark this request carries, unverified (the throttle verifies it). */
export function deviceMarkOf(request: Request): string | undefined {
  return readCookie(request, DEVICE_MARK_COOKIE);
}
