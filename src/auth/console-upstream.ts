/**
 * Console sign-in through GitHub or OpenID Connect. The provider sends the person back to the same
 * callback URL the consent flow registered (`/callback/github`, `/callback/oidc`): a console sign-in
 * is told apart by its `state`, which starts with CONSOLE_STATE_PREFIX. What the callback needs
 * (state, PKCE verifier, nonce, where to go next) waits in a signed, HttpOnly cookie bound to this
 * browser for ten minutes. SameSite=Lax, because the provider's redirect back is a cross-site
 * navigation that a Strict cookie would not ride on.
 */

import { logEvent } from "../lib/log";
import { encodeUserId } from "../mcp/props";
import { decideAdmission } from "./allowlist";
import { auditSignIn } from "./audit-sign-in";
import { upstreamOrigins } from "./consent-view";
import { consoleCookieNames, consolePath, startConsoleSession } from "./console-session";
import { type IdentityConfig, readIdentityConfig, type UpstreamMethodId } from "./identity-config";
import { UpstreamUnavailable } from "./outbound";
import { constantTimeEqual } from "./passphrase";
import { randomToken, s256Challenge } from "./pkce";
import { messagePage } from "./responses";
import { hmacKey, openValue, readCookie, signValue } from "./signed-cookie";
import { signInThrottle } from "./throttle";
import { callbackUrl, outboundPolicy, upstreamProvider } from "./upstream";
import { UpstreamRejected } from "./upstream-provider";

export const CONSOLE_STATE_PREFIX = "console.";
const PENDING_SECONDS = 10 * 60;

function pendingCookieName(origin: string): string {
  return `${consoleCookieNames(origin).session}-upstream`;
}

function pendingCookie(origin: string, value: string, maxAge: number): string {
  return `${pendingCookieName(origin)}=${value}; Path=/; ${consoleCookieNames(origin).secure ? "Secure; " : ""}HttpOnly; SameSite=Lax; Max-Age=${maxAge}`;
}

/** Its own key, from the console secret under another label: a pending sign-in never passes as a session. */
async function pendingKey(env: Env): Promise<CryptoKey> {
  const secret = new Uint8Array(await signInThrottle(env).consoleSessionSecret());
  const label = new TextEncoder().encode("outpost-console-upstream");
  const material = new Uint8Array(secret.length + label.length);
  material.set(secret);
  material.set(label, secret.length);
  return hmacKey(material);
}

/** Form targets the sign-in page's CSP must allow: the providers' authorization origins. */
export function upstreamFormTargets(identity: IdentityConfig, origin: string): Promise<string[]> {
  return upstreamOrigins(identity, origin);
}

/** Send the browser to the provider for a console sign-in. */
export async function startConsoleUpstream(
  env: Env,
  origin: string,
  method: UpstreamMethodId,
  next: string,
  page: (error: string, status: number) => Promise<Response>,
): Promise<Response> {
  const identity = readIdentityConfig(env);
  const provider = upstreamProvider(identity, method, outboundPolicy(origin));
  if (!provider) {
    const lacks = identity.missing[method]?.join(", ") ?? "its settings";
    return page(
      `This sign-in method is not set up yet: the connector's operator must set ${lacks} (see docs/identity.md).`,
      503,
    );
  }
  try {
    await provider.prepare?.();
  } catch (error) {
    if (!(error instanceof UpstreamUnavailable)) throw error;
    return page(`${provider.label} cannot be reached right now (${error.message}) Try again in a few minutes.`, 502);
  }
  const state = `${CONSOLE_STATE_PREFIX}${randomToken()}`;
  const verifier = randomToken();
  const nonce = randomToken();
  const value = await signValue(await pendingKey(env), {
    m: method,
    st: state,
    v: verifier,
    nn: nonce,
    nx: next,
    x: Math.floor(Date.now() / 1000) + PENDING_SECONDS,
  });
  const location = await provider.authorizationUrl({
    state,
    codeChallenge: await s256Challenge(verifier),
    nonce,
    redirectUri: callbackUrl(origin, method),
  });
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  headers.append("Set-Cookie", pendingCookie(origin, value, PENDING_SECONDS));
  return new Response(null, { status: 303, headers });
}

/** The provider's answer to a console sign-in, at `/callback/<method>`. */
export async function finishConsoleUpstream(
  env: Env,
  request: Request,
  origin: string,
  method: UpstreamMethodId,
): Promise<Response> {
  const url = new URL(request.url);
  const clear = pendingCookie(origin, "", 0);
  const fail = (status: number, title: string, message: string) => {
    const response = messagePage(status, title, message, "Open /account and sign in again.");
    response.headers.append("Set-Cookie", clear);
    return response;
  };
  const pending = (await openValue(await pendingKey(env), readCookie(request, pendingCookieName(origin)))) as
    | Record<string, unknown>
    | undefined;
  const state = url.searchParams.get("state") ?? "";
  if (
    !pending ||
    pending.m !== method ||
    typeof pending.st !== "string" ||
    typeof pending.v !== "string" ||
    typeof pending.nn !== "string" ||
    typeof pending.x !== "number" ||
    pending.x <= Math.floor(Date.now() / 1000) ||
    !(await constantTimeEqual(pending.st, state))
  ) {
    return fail(
      400,
      "This sign-in link has expired",
      "It was already used, is more than ten minutes old, or was opened in another browser than the one that started it.",
    );
  }
  const identity = readIdentityConfig(env);
  const provider = upstreamProvider(identity, method, outboundPolicy(origin));
  if (!provider)
    return fail(
      503,
      "This sign-in method is switched off",
      "The connector's operator turned this sign-in method off while you were signing in.",
    );
  if (url.searchParams.get("error"))
    return fail(
      403,
      `${provider.label} did not sign you in`,
      `${provider.label} reports that sign-in was cancelled or refused.`,
    );
  const code = url.searchParams.get("code");
  if (!code)
    return fail(400, `${provider.label} sent no sign-in code`, "The answer from the sign-in provider was incomplete.");
  try {
    const signedIn = await provider.signIn({
      code,
      verifier: pending.v,
      nonce: pending.nn,
      redirectUri: callbackUrl(origin, method),
    });
    const decision = await decideAdmission(identity.allow, signedIn.facts);
    if (!decision.admitted) {
      logEvent("sign_in_refused", { method, console: true });
      return fail(403, "You can't use this connector with that account", decision.reason);
    }
    const userId = encodeUserId(signedIn.identity.subject);
    const { cookie } = await startConsoleSession(env, origin, {
      userId,
      displayName: signedIn.identity.displayName,
      identity: method,
    });
    await auditSignIn(env, undefined, { userId, method, outcome: "ok", clientName: "Outpost console" });
    const headers = new Headers({ Location: consolePath(pending.nx), "Cache-Control": "no-store" });
    headers.append("Set-Cookie", cookie);
    headers.append("Set-Cookie", clear);
    return new Response(null, { status: 303, headers });
  } catch (error) {
    if (error instanceof UpstreamRejected) return fail(400, "Sign-in could not be verified", error.message);
    if (error instanceof UpstreamUnavailable)
      return fail(502, `${provider.label} is not answering properly`, error.message);
    throw error;
  }
}
