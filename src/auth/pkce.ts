/** PKCE (RFC 7636) and nonce values for the redirect to an identity provider. */
import { bytesToBase64Url as base64url } from "../lib/encoding";

/** 32 random bytes, base64url: a PKCE verifier (43 characters, within RFC 7636 §4.1) or a nonce. */
export function randomToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 challenge for `verifier` (RFC 7636 §4.2). */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}
