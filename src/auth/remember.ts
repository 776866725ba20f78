import type { AuthRequest, OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import type { UpstreamMethodId } from "./identity-config";
import { hmacKey, openValue, readCookie, signValue } from "./signed-cookie";

/**
 * "Remember this app", bound to the person. The provider's remembered approvals are keyed by a
 * subject, but with upstream sign-in the subject is known only after the provider's callback. So
 * the approval is recorded at the callback, for the identity that just signed in, and a signed
 * cookie names that identity so the next /authorize in this browser knows whom to look up. The
 * user still signs in upstream every time; if a different account comes back, the consent page
 * is shown again for it.
 */

export const IDENTITY_COOKIE = "__Host-outpost-identity";
/** How long an approval (and the identity cookie naming it) is remembered. */
export const REMEMBER_SECONDS = 30 * 24 * 3600;

export interface RememberedIdentity {
  method: UpstreamMethodId;
  /** Encoded user id, as in grants. */
  userId: string;
}

/** Set-Cookie value naming the identity that approved apps in this browser. */
export async function identityCookie(secret: string, identity: RememberedIdentity): Promise<string> {
  const value = await signValue(await identityKey(secret), {
    m: identity.method,
    u: identity.userId,
    e: Math.floor(Date.now() / 1000) + REMEMBER_SECONDS,
  });
  return `${IDENTITY_COOKIE}=${value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${REMEMBER_SECONDS}`;
}

export async function readIdentityCookie(request: Request, secret: string): Promise<RememberedIdentity | undefined> {
  const parsed = (await openValue(await identityKey(secret), readCookie(request, IDENTITY_COOKIE))) as
    | { m?: unknown; u?: unknown; e?: unknown }
    | undefined;
  if (
    !parsed ||
    (parsed.m !== "github" && parsed.m !== "oidc") ||
    typeof parsed.u !== "string" ||
    typeof parsed.e !== "number"
  )
    return undefined;
  if (parsed.e <= Math.floor(Date.now() / 1000)) return undefined;
  return { method: parsed.m, userId: parsed.u };
}

/**
 * Record the approval the user gave on the consent page, now that their identity is known. The
 * provider writes approvals only through `approveConsent()`, which consumes a consent transaction
 * bound to the browser; this opens one for the already approved request and consumes it at once,
 * carrying the browser's existing cookies so earlier approvals are kept. Returns Set-Cookie values.
 */
export async function rememberApproval(
  oauth: OAuthHelpers,
  request: Request,
  approved: AuthRequest,
  remember: { secret: string; subject: string },
): Promise<string[]> {
  const transaction = await oauth.beginConsent(approved);
  const binding = transaction.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
  const cookies = [request.headers.get("Cookie"), ...binding].filter(Boolean).join("; ");
  const internal = new Request(request.url, { headers: { Cookie: cookies } });
  const result = await oauth.approveConsent(internal, transaction.handle, {
    scope: approved.scope,
    remember: { ...remember, maxAgeSeconds: REMEMBER_SECONDS },
  });
  return result.headers
    .getSetCookie()
    .filter((cookie) => !binding.some((pair) => cookie.startsWith(`${pair.split("=")[0] ?? ""}=`)));
}

/** The secret is prefixed so this MAC can never be confused with the provider's approvals cookie. */
function identityKey(secret: string): Promise<CryptoKey> {
  return hmacKey(`outpost-identity:${secret}`);
}
