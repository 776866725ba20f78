/**
 * The owner's console session (`/account`): a signed cookie, 30 minutes from sign-in and never
 * renewed, naming who signed in and carrying the session's CSRF token. HttpOnly, Path=/, and
 * SameSite=Lax rather than Strict: a GitHub or OpenID sign-in comes back through a cross-site
 * redirect, on which a Strict cookie would not be sent to the console page that follows. Forms are
 * protected by the session's CSRF token and the Origin check (worker/account/require-owner.ts). Deployed (https) its name has the `__Host-` prefix, so only this host, over https, with
 * Path=/ can set it. The prefix demands `Secure`, which browsers other than Chromium refuse on
 * plain-http loopback (`wrangler dev`): there, and only there, the cookie is `outpost-console`
 * without `Secure`. Each name is read only under its own scheme, so a cookie planted over http
 * never counts on https.
 *
 * The signing key comes from a random secret the SignInThrottle object keeps, with OWNER_PASSPHRASE
 * mixed in: changing the passphrase signs every console out.
 */

import { bytesToBase64Url } from "../lib/encoding";
import { constantTimeEqual } from "./passphrase";
import { hmacKey, openValue, readCookie, signValue } from "./signed-cookie";
import { signInThrottle } from "./throttle";

/** How long a console session lasts; the page says so. */
export const CONSOLE_SESSION_SECONDS = 30 * 60;
/** The sign-in form's own token lives this long (double-submit: cookie and form field). */
export const SIGN_IN_FORM_SECONDS = 10 * 60;

export interface ConsoleSession {
  /** Encoded user id, as in grants (props.ts). */
  userId: string;
  displayName: string;
  /** The sign-in method: "passphrase", "github", "oidc". */
  identity: string;
  /** Epoch seconds when the session ends. */
  expiresAt: number;
  /** Put in every form; a POST without it is refused. */
  csrf: string;
}

/** Cookie names for this origin: `__Host-` over https, unprefixed only on plain-http loopback. */
export function consoleCookieNames(origin: string): { session: string; signInForm: string; secure: boolean } {
  const secure = new URL(origin).protocol === "https:";
  const prefix = secure ? "__Host-" : "";
  return { session: `${prefix}outpost-console`, signInForm: `${prefix}outpost-console-form`, secure };
}

const keys = new Map<string, Promise<CryptoKey>>();

/** The signing key, derived once per isolate (per passphrase) from the throttle's stored secret. */
function consoleKey(env: Env): Promise<CryptoKey> {
  const passphrase = env.OWNER_PASSPHRASE ?? "";
  let key = keys.get(passphrase);
  if (!key) {
    key = (async () => {
      const secret = new Uint8Array(await signInThrottle(env).consoleSessionSecret());
      const suffix = new TextEncoder().encode(`outpost-console:${passphrase}`);
      const material = new Uint8Array(secret.length + suffix.length);
      material.set(secret);
      material.set(suffix, secret.length);
      return hmacKey(material);
    })();
    key.catch(() => keys.delete(passphrase));
    keys.clear();
    keys.set(passphrase, key);
  }
  return key;
}

function attributes(secure: boolean, maxAge: number): string {
  return `Path=/; ${secure ? "Secure; " : ""}HttpOnly; SameSite=Lax; Max-Age=${maxAge}`;
}

/** Start a session for `user`: the Set-Cookie value. */
export async function startConsoleSession(
  env: Env,
  origin: string,
  user: Pick<ConsoleSession, "userId" | "displayName" | "identity">,
  nowMs = Date.now(),
): Promise<{ cookie: string; session: ConsoleSession }> {
  const session: ConsoleSession = {
    ...user,
    expiresAt: Math.floor(nowMs / 1000) + CONSOLE_SESSION_SECONDS,
    csrf: randomId(),
  };
  const value = await signValue(await consoleKey(env), {
    s: "console",
    u: session.userId,
    n: session.displayName,
    i: session.identity,
    x: session.expiresAt,
    c: session.csrf,
  });
  const names = consoleCookieNames(origin);
  return { cookie: `${names.session}=${value}; ${attributes(names.secure, CONSOLE_SESSION_SECONDS)}`, session };
}

/** The request's console session; undefined when absent, forged, expired or signed under another key. */
export async function readConsoleSession(
  env: Env,
  request: Request,
  origin: string,
  nowMs = Date.now(),
): Promise<ConsoleSession | undefined> {
  const value = readCookie(request, consoleCookieNames(origin).session);
  if (!value) return undefined;
  const payload = (await openValue(await consoleKey(env), value)) as Record<string, unknown> | undefined;
  if (!payload || payload.s !== "console") return undefined;
  const { u, n, i, x, c } = payload;
  if (
    typeof u !== "string" ||
    typeof n !== "string" ||
    typeof i !== "string" ||
    typeof x !== "number" ||
    typeof c !== "string"
  )
    return undefined;
  if (x <= Math.floor(nowMs / 1000)) return undefined;
  return { userId: u, displayName: n, identity: i, expiresAt: x, csrf: c };
}

/** Set-Cookie values that end the session (and any half-finished sign-in form). */
export function endConsoleSession(origin: string): string[] {
  const names = consoleCookieNames(origin);
  return [`${names.session}=; ${attributes(names.secure, 0)}`, `${names.signInForm}=; ${attributes(names.secure, 0)}`];
}

/** A fresh token for the sign-in form, and the cookie that must come back with it. */
export async function signInFormToken(
  env: Env,
  origin: string,
  nowMs = Date.now(),
): Promise<{ token: string; cookie: string }> {
  const token = randomId();
  const value = await signValue(await consoleKey(env), {
    s: "form",
    t: token,
    x: Math.floor(nowMs / 1000) + SIGN_IN_FORM_SECONDS,
  });
  const names = consoleCookieNames(origin);
  return { token, cookie: `${names.signInForm}=${value}; ${attributes(names.secure, SIGN_IN_FORM_SECONDS)}` };
}

/** Whether the posted sign-in form token matches this browser's form cookie (login CSRF). */
export async function checkSignInFormToken(
  env: Env,
  request: Request,
  origin: string,
  posted: unknown,
  nowMs = Date.now(),
): Promise<boolean> {
  if (typeof posted !== "string" || posted.length === 0) return false;
  const payload = (await openValue(
    await consoleKey(env),
    readCookie(request, consoleCookieNames(origin).signInForm),
  )) as Record<string, unknown> | undefined;
  if (!payload || payload.s !== "form" || typeof payload.t !== "string" || typeof payload.x !== "number") return false;
  if (payload.x <= Math.floor(nowMs / 1000)) return false;
  return constantTimeEqual(payload.t, posted);
}

/** Whether a posted form's CSRF token is this session's. */
export function checkCsrf(session: ConsoleSession, posted: unknown): Promise<boolean> {
  return typeof posted === "string" ? constantTimeEqual(session.csrf, posted) : Promise.resolve(false);
}

function randomId(): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(18)));
}

/** A console path to return to after signing in; anything else (another host, `//evil`) is the console's start. */
export function consolePath(raw: unknown): string {
  return typeof raw === "string" && /^\/account(\/[A-Za-z0-9._~/-]*)?$/.test(raw) && !raw.includes("//")
    ? raw
    : "/account";
}
