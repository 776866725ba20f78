/**
 * The owner's passphrase on an API request, for headless use (`npm run client:add`, curl -u):
 * HTTP Basic (RFC 7617, UTF-8), any user name, the passphrase as the password. Only ever in the
 * Authorization header, never in a URL. Every check goes through the same sign-in throttle as the
 * consent page, so the API is no faster a way to guess the passphrase.
 */
import { passphraseSignIn } from "./passphrase";
import { signInAttempt } from "./sign-in-attempt";
import { signInThrottle } from "./throttle";

/** The throttle bucket for API callers that have no public address (a local server). */
const API_BUCKET_CLIENT = "owner-api";

export type OwnerAuthResult =
  | { ok: true }
  | {
      ok: false;
      status: 401 | 429 | 503;
      error: string;
      description: string;
      headers: Record<string, string>;
    };

/**
 * RFC 7235 asks a 401 to name the scheme. A browser then prompts and may resend what was typed to
 * this origin, so the API takes JSON bodies only (no form can send one cross-site) and refuses any
 * foreign Origin (`clients-api.ts`).
 */
const CHALLENGE = {
  "WWW-Authenticate": 'Basic realm="Outpost owner", charset="UTF-8"',
};

export async function authenticateOwner(request: Request, env: Env): Promise<OwnerAuthResult> {
  const passphrase = basicPassword(request.headers.get("Authorization"));
  if (passphrase === undefined) {
    return {
      ok: false,
      status: 401,
      error: "unauthorized",
      description:
        "Send the owner passphrase as the password of HTTP Basic authentication (for example curl -u owner:PASSPHRASE).",
      headers: CHALLENGE,
    };
  }
  const form = new FormData();
  form.set("passphrase", passphrase);
  const result = await passphraseSignIn({
    passphrase: env.OWNER_PASSPHRASE,
    throttle: signInThrottle(env),
  }).verify(form, signInAttempt(request, API_BUCKET_CLIENT));
  if (result.ok) return { ok: true };
  if (result.status === 429) {
    return {
      ok: false,
      status: 429,
      error: "too_many_attempts",
      description: result.message,
      headers: { "Retry-After": String(result.retryAfterSeconds ?? 60) },
    };
  }
  if (result.status === 503)
    return {
      ok: false,
      status: 503,
      error: "not_configured",
      description: result.message,
      headers: {},
    };
  return {
    ok: false,
    status: 401,
    error: "invalid_passphrase",
    description: result.message,
    headers: CHALLENGE,
  };
}

/** The password of a Basic Authorization header, decoded as UTF-8; undefined when there is none. */
function basicPassword(header: string | null): string | undefined {
  const encoded = /^Basic[\t ]+([A-Za-z0-9+/]+={0,2})[\t ]*$/i.exec(header ?? "")?.[1];
  if (!encoded || encoded.length > 4096) return undefined;
  let decoded: string;
  try {
    const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
    decoded = new TextDecoder("utf-8", {
      fatal: true,
      ignoreBOM: false,
    }).decode(bytes);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}
