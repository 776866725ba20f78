/**
 * Signed cookie values: `payload.signature`, both base64url, the signature an HMAC-SHA-256 over the
 * payload. Used by the "remember this app" identity cookie (remember.ts) and the device mark
 * (device-mark.ts); each derives its own key, so one value can never pass as the other.
 */
import { base64ToBytes, bytesToBase64Url as base64url } from "../lib/encoding";

/** An HMAC-SHA-256 key from text or bytes (HMAC hashes key material longer than its block). */
export function hmacKey(material: string | Uint8Array): Promise<CryptoKey> {
  const bytes = typeof material === "string" ? new TextEncoder().encode(material) : material;
  return crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

/** `payload` (any JSON value) encoded and signed: the cookie's value. */
export async function signValue(key: CryptoKey, payload: unknown): Promise<string> {
  const encoded = base64url(new TextEncoder().encode(JSON.stringify(payload)));
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(encoded)));
  return `${encoded}.${base64url(signature)}`;
}

/** The payload of a value `signValue` made with this key; undefined when forged, altered or malformed. */
export async function openValue(key: CryptoKey, value: string | undefined): Promise<unknown> {
  const [encoded, signature, extra] = value?.split(".") ?? [];
  if (!encoded || !signature || extra !== undefined) return undefined;
  try {
    // Constant-time through WebCrypto's own HMAC verification.
    if (!(await crypto.subtle.verify("HMAC", key, fromBase64url(signature), new TextEncoder().encode(encoded))))
      return undefined;
    return JSON.parse(new TextDecoder().decode(fromBase64url(encoded)));
  } catch {
    return undefined;
  }
}

export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

function fromBase64url(value: string): Uint8Array {
  const bytes = base64ToBytes(value);
  if (!bytes) throw new Error("not base64url");
  return bytes;
}
