/**
 * The form of a token-endpoint request, read from a clone so the provider still reads the original.
 * Several edge steps need a field of it (client id, grant type, credentials, resource); each reads it
 * through here, so the size limit is the same everywhere.
 */

import { base64UrlToText } from "../lib/encoding";
import { readBodyLimited } from "../lib/read-body";

/** A token request is a few hundred bytes; nothing legitimate comes near this (RFC 6749 §4.1.3, §6). */
export const MAX_TOKEN_FORM_BYTES = 16 * 1024;

export const TOKEN_PATH = "/token";

/** Whether the provider will treat `request` as a token or revocation request with a form body. */
export function isTokenFormRequest(request: Request): boolean {
  const contentType = request.headers.get("Content-Type") ?? "";
  return (
    new URL(request.url).pathname === TOKEN_PATH &&
    request.method === "POST" &&
    // The provider's own test: the media type, case-insensitive, parameters ignored.
    contentType.split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded"
  );
}

/**
 * Forms already read, per request object: the credential screen, the resource rewrite, the loopback
 * metadata resolver and the token endpoint each need the form, and each would otherwise read (a
 * clone of) the body again.
 */
const readForms = new WeakMap<Request, Promise<URLSearchParams | "too_large">>();

/** The parsed form (a copy each caller may change); "too_large" past MAX_TOKEN_FORM_BYTES; undefined when `request` is not a token form POST. */
export async function readTokenForm(request: Request): Promise<URLSearchParams | "too_large" | undefined> {
  if (!isTokenFormRequest(request)) return undefined;
  let form = readForms.get(request);
  if (!form) {
    form = readBodyLimited(request.clone(), MAX_TOKEN_FORM_BYTES).then((body) =>
      body === undefined ? "too_large" : new URLSearchParams(new TextDecoder().decode(body)),
    );
    readForms.set(request, form);
  }
  const read = await form;
  return read === "too_large" ? read : new URLSearchParams(read);
}

/**
 * The client a token request names, where the provider looks for it: HTTP Basic (RFC 6749 §2.3.1),
 * else `client_id`, else the issuer of a JWT client assertion (RFC 7523 §3).
 */
export function tokenClientId(
  request: Request,
  form: URLSearchParams,
): { clientId: string | undefined; viaBasic: boolean } {
  const basic = basicClientId(request.headers.get("Authorization"));
  if (basic !== undefined) return { clientId: basic, viaBasic: true };
  return { clientId: form.get("client_id") ?? assertionIssuer(form.get("client_assertion")), viaBasic: false };
}

/** The client id in `Authorization: Basic …` (form-encoded), or undefined when absent or unreadable. */
function basicClientId(header: string | null): string | undefined {
  const encoded = /^Basic[\t ]+(\S+)$/i.exec(header ?? "")?.[1];
  if (!encoded) return undefined;
  try {
    const credentials = atob(encoded);
    const separator = credentials.indexOf(":");
    return separator === -1 ? undefined : decodeURIComponent(credentials.slice(0, separator).replace(/\+/g, " "));
  } catch {
    return undefined; // The provider refuses unreadable Basic credentials itself, without a lookup.
  }
}

/** `iss` of a JWT client assertion, or undefined. */
function assertionIssuer(assertion: string | null): string | undefined {
  const payload = assertion?.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(base64UrlToText(payload) ?? "");
    const iss = (claims as { iss?: unknown } | null)?.iss;
    return typeof iss === "string" ? iss : undefined;
  } catch {
    return undefined;
  }
}
