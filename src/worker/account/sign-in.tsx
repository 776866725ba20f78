import { Hono } from "hono";
import { auditSignIn } from "../../auth/audit-sign-in";
import {
  checkSignInFormToken,
  consolePath,
  endConsoleSession,
  readConsoleSession,
  signInFormToken,
  startConsoleSession,
} from "../../auth/console-session";
import { startConsoleUpstream, upstreamFormTargets } from "../../auth/console-upstream";
import { readIdentityConfig } from "../../auth/identity-config";
import { OWNER_SUBJECT, passphraseLock, passphraseSignIn } from "../../auth/passphrase";
import { messagePage } from "../../auth/responses";
import { signInAttempt } from "../../auth/sign-in-attempt";
import { signInThrottle } from "../../auth/throttle";
import { upstreamChoices } from "../../auth/upstream";
import { publicOrigin, requestConfig } from "../../config";
import { isLoopbackOrigin } from "../../lib/host-name";
import { encodeUserId } from "../../mcp/props";
import { ConsoleSignInPage, type ConsoleSignInProps } from "../../web/account/sign-in-page";
import { pageSecurityHeaders } from "../../web/layout";
import { type ConsoleEnv, readForm, requireOwner } from "./require-owner";

/**
 * The throttle counts console attempts from a browser without a device mark and without a usable
 * address under this pseudo-client, apart from every OAuth client's consent page.
 */
export const CONSOLE_ATTEMPT_CLIENT = "outpost-console";

/** `/account/sign-in` (the same methods as the consent page, the same throttle) and `/account/sign-out`. */
export const consoleSignInRoutes = new Hono<ConsoleEnv>();

consoleSignInRoutes.get("/account/sign-in", async (c) => {
  const origin = publicOrigin(requestConfig(c.env), c.req.url);
  const next = consolePath(c.req.query("next"));
  if (await readConsoleSession(c.env, c.req.raw, origin)) return c.redirect(next, 303);
  const identity = readIdentityConfig(c.env);
  const lock = identity.methods.includes("passphrase")
    ? await passphraseLock(signInThrottle(c.env), signInAttempt(c.req.raw, CONSOLE_ATTEMPT_CLIENT))
    : undefined;
  return signInPage(c.env, origin, {
    next,
    error: lock?.message,
    locked: lock !== undefined,
    status: 200,
    retryAfterSeconds: lock?.retryAfterSeconds,
  });
});

consoleSignInRoutes.post("/account/sign-in", async (c) => {
  const origin = publicOrigin(requestConfig(c.env), c.req.url);
  const form = await readForm(c.req.raw);
  if (form instanceof Response) return form;
  const next = consolePath(form.get("next"));
  if (!(await checkSignInFormToken(c.env, c.req.raw, origin, form.get("form")))) {
    return signInPage(c.env, origin, {
      next,
      status: 403,
      error: "This sign-in form had expired or came from elsewhere. Sign in again.",
    });
  }
  const identity = readIdentityConfig(c.env);
  const method = form.get("method");
  if ((method === "github" || method === "oidc") && identity.methods.includes(method)) {
    return startConsoleUpstream(c.env, origin, method, next, (error, status) =>
      signInPage(c.env, origin, { next, status, error }),
    );
  }
  if (method !== "passphrase" || !identity.methods.includes("passphrase")) {
    return signInPage(c.env, origin, {
      next,
      status: 400,
      error: "That sign-in method is not offered here. Use one of the buttons below.",
    });
  }
  const throttle = signInThrottle(c.env);
  const result = await passphraseSignIn({ passphrase: c.env.OWNER_PASSPHRASE, throttle }).verify(
    form,
    signInAttempt(c.req.raw, CONSOLE_ATTEMPT_CLIENT),
  );
  const ownerId = encodeUserId(OWNER_SUBJECT);
  if (!result.ok) {
    // A wrong passphrase can only have been meant for the one passphrase user: their log shows it.
    if (result.status === 401)
      await auditSignIn(c.env, undefined, {
        userId: ownerId,
        method: "passphrase",
        outcome: "refused",
        clientName: "Outpost console",
      });
    return signInPage(c.env, origin, {
      next,
      status: result.status,
      error: result.message,
      locked: result.status === 429,
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
  const userId = encodeUserId(result.user.subject);
  const { cookie } = await startConsoleSession(c.env, origin, {
    userId,
    displayName: result.user.displayName,
    identity: result.user.identity,
  });
  await auditSignIn(c.env, undefined, { userId, method: "passphrase", outcome: "ok", clientName: "Outpost console" });
  const headers = new Headers({ Location: next, "Cache-Control": "no-store" });
  headers.append("Set-Cookie", cookie);
  for (const extra of result.cookies) headers.append("Set-Cookie", extra);
  return new Response(null, { status: 303, headers });
});

consoleSignInRoutes.post("/account/sign-out", requireOwner(), (c) => {
  const headers = new Headers({ Location: "/account/sign-in", "Cache-Control": "no-store" });
  for (const cookie of endConsoleSession(c.var.origin)) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
});

/** The sign-in page with a fresh form token (and its cookie). */
export async function signInPage(
  env: Env,
  origin: string,
  options: { next: string; status: number; error?: string; locked?: boolean; retryAfterSeconds?: number },
): Promise<Response> {
  const identity = readIdentityConfig(env);
  const { token, cookie } = await signInFormToken(env, origin);
  const props: ConsoleSignInProps = {
    formToken: token,
    next: options.next,
    passphrase: identity.methods.includes("passphrase"),
    passphraseLocked: options.locked === true,
    upstream: upstreamChoices(identity),
    error: options.error,
    local: isLoopbackOrigin(origin),
  };
  const headers = new Headers(pageSecurityHeaders(await upstreamFormTargets(identity, origin)));
  headers.set("Content-Type", "text/html; charset=utf-8");
  headers.append("Set-Cookie", cookie);
  if (options.retryAfterSeconds) headers.set("Retry-After", String(options.retryAfterSeconds));
  return new Response(`<!doctype html>${<ConsoleSignInPage {...props} />}`, { status: options.status, headers });
}
