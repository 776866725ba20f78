/**
 * Channel URLs and signing secrets are bearer credentials (anyone holding a Slack webhook URL can
 * post to the channel), so they are stored AES-256-GCM encrypted with NOTIFY_ENCRYPTION_KEY.
 * The key is imported once per isolate and reused; a different key string imports a new one.
 */
import { bytesToHex } from "../lib/encoding";

/** Why notifications cannot work on this deployment, written for the operator. */
export const KEY_MISSING =
  "Notifications are not set up on this server: the operator must set the NOTIFY_ENCRYPTION_KEY secret " +
  "(32 random bytes, base64) with `wrangler secret put NOTIFY_ENCRYPTION_KEY`.";

let cached: { raw: string; key: Promise<CryptoKey> } | undefined;

/** The imported key, or undefined when the secret is missing or not 32 bytes of base64. */
export function encryptionKey(raw: string | undefined): Promise<CryptoKey> | undefined {
  if (!raw) return undefined;
  if (cached?.raw === raw) return cached.key;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(raw.trim()), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
  if (bytes.length !== 32) return undefined;
  const key = crypto.subtle.importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  cached = { raw, key };
  return key;
}

const IV_BYTES = 12;

/**
 * Encrypt `plaintext`; `context` (e.g. "<channel id>:url") is authenticated data, so a ciphertext
 * copied into another row or field fails to decrypt instead of silently swapping secrets.
 */
export async function seal(key: CryptoKey, plaintext: string, context: string): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const data = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encode(context) }, key, encode(plaintext)),
  );
  const out = new Uint8Array(IV_BYTES + data.length);
  out.set(iv);
  out.set(data, IV_BYTES);
  return out;
}

export async function open(key: CryptoKey, sealed: Uint8Array, context: string): Promise<string> {
  const iv = sealed.slice(0, IV_BYTES);
  const data = sealed.slice(IV_BYTES);
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: encode(context) }, key, data);
  return new TextDecoder().decode(plain);
}

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, encode(message)));
  return bytesToHex(signature);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encode(text)));
  return bytesToHex(digest);
}

function encode(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}
