import {
  type ApprovedConsent,
  AuthorizationError,
  type AuthRequest,
  type DeniedConsent,
  type OAuthHelpers,
} from "@cloudflare/workers-oauth-provider";
import { Hono } from "hono";
import { publicOrigin, requestConfig } from "../config";
import { readBodyLimited } from "../lib/read-body";
import { encodeUserId, type GrantProps } from "../mcp/props";
import { auditSignIn } from "./audit-sign-in";
import { authorizeErrorPage, notClaudePage } from "./authorize-errors";
import { isClaudeRedirect } from "./claude-only";
import { offeredScopes, type RenderConsentOptions, readOnlyScopes, renderConsent } from "./consent-view";
import type { SignInMethod } from "./identity";
import { readIdentityConfig, type UpstreamMethodId } from "./identity-config";
import { UpstreamUnavailable } from "./outbound";
import { OWNER_SUBJECT, PASSPHRASE_UNSET, passphraseLock, passphraseSignIn } from "./passphrase";
import { readIdentityCookie } from "./remember";
import { messagePage } from "./responses";
import { signInAttempt } from "./sign-in-attempt";
import { signInThrottle } from "./throttle";
import { outboundPolicy, redirectUpstream, upstreamProvider } from "./upstream";

/** The consent form is small; anything larger is not a person typing. */
const MAX_FORM_BYTES = 16 * 1024;
/** The consent page's "Only read access" button (a second form carrying the same handle). */
const READ_ONLY = "read-only";

/**
 * `/authorize`: GET shows the consent page, POST approves or denies it. Transaction state lives in
 * the provider's single-use, cookie-bound consent handle (`beginConsent` / `approveConsent`), so the
 * form carries nothing trusted, the POST's URL is ignored, and a forged cross-site POST has no
 * cookie to match (CSRF). With
 * GitHub or OpenID Connect sign-in, approval comes first and the redirect to the provider second
 * (per-client consent before any upstream redirect: MCP security best practices, confused deputy).
 */
export const authorizeRoutes = new Hono<{ Bindings: Env }>();

authorizeRoutes.get("/authorize", async (c) => {
  const oauth = c.env.OAUTH_PROVIDER;
  const authRequest = await parseOrExplain(oauth, c.req.raw);
  if (authRequest instanceof Response) return authRequest;
  if (!redirectAllowed(c.env, authRequest)) return notClaudePage(authRequest.redirectUri);
  const remembered = await rememberedUpstream(c.env, c.req.raw, authRequest);
  if (remembered) return remembered;
  const methods = readIdentityConfig(c.env).methods;
  // No passphrase set: say so before anyone types one (and let a doctor opening the page see it),
  // with its Approve disabled; 503 when no other sign-in method could be used instead.
  if (methods.includes("passphrase") && !c.env.OWNER_PASSPHRASE) {
    const status = methods.length === 1 ? PASSPHRASE_UNSET.status : 200;
    return renderConsent(c.env, oauth, authRequest, {
      status,
      error: PASSPHRASE_UNSET.message,
      passphraseLocked: true,
    });
  }
  // Locked out now: the page still shows who is asking, with Approve disabled and the wait.
  const lock = methods.includes("passphrase")
    ? await passphraseLock(signInThrottle(c.env), signInAttempt(c.req.raw, authRequest.clientId))
    : undefined;
  if (!lock) return renderConsent(c.env, oauth, authRequest, { status: 200 });
  return renderConsent(c.env, oauth, authRequest, {
    status: 200,
    error: lock.message,
    passphraseLocked: true,
    retryAfterSeconds: lock.retryAfterSeconds,
  });
});

authorizeRoutes.post("/authorize", async (c) => {
  const oauth = c.env.OAUTH_PROVIDER;
  const body = await readBodyLimited(c.req.raw, MAX_FORM_BYTES);
  if (body === undefined)
    return messagePage(413, "Form too large", "The consent form sent more data than it can hold.");
  let form: FormData;
  try {
    const contentType = c.req.header("Content-Type") ?? "application/x-www-form-urlencoded";
    form = await new Response(body, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return messagePage(
      400,
      "Unreadable form",
      "The consent form could not be read. Go back to your app and connect again.",
    );
  }
  const handle = form.get("handle");
  const decision = form.get("decision");
  const method = form.get("method");
  const upstreamMethod = method === "github" || method === "oidc" ? (method as UpstreamMethodId) : undefined;
  const knownDecision = decision === "approve" || decision === "deny" || decision === READ_ONLY;
  if (typeof handle !== "string" || (!knownDecision && !upstreamMethod)) {
    return messagePage(400, "Incomplete form", "Use one of the buttons on the consent page.");
  }

  if (decision === "deny") {
    const denied = await consentStep<DeniedConsent>(() => oauth.denyConsent(c.req.raw, handle));
    if (denied instanceof Response) return denied;
    return new Response(null, { status: 302, headers: denied.headers });
  }

  // Client, redirect, state and the scopes on offer all come from the transaction the handle
  // names, never from the URL the form was posted to: a handle posted to another client's
  // authorize URL would otherwise be granted the scopes that URL asks for. Opening the transaction
  // spends the handle, so a page shown again starts a fresh transaction for the same request.
  const opened = await consentStep<ApprovedConsent>(() => oauth.approveConsent(c.req.raw, handle));
  if (opened instanceof Response) return opened;
  const authRequest = opened.request;
  // The page was shown before "Claude only" was turned on: hold the approval to it too.
  if (!redirectAllowed(c.env, authRequest)) return notClaudePage(authRequest.redirectUri);
  const identity = readIdentityConfig(c.env);
  const ticked = form.getAll("scope").map(String);
  const again = (status: number, error: string | undefined, extra: Partial<RenderConsentOptions> = {}) =>
    renderConsent(c.env, oauth, authRequest, { status, error, ticked, headers: opened.headers, ...extra });
  const offered = offeredScopes(authRequest).map((item) => item.scope);
  if (decision === READ_ONLY) {
    // "Only read access": the same page again, with only the read-only scopes on offer ticked.
    const readOnly = readOnlyScopes();
    return again(200, undefined, { ticked: offered.filter((scope) => readOnly.has(scope)) });
  }
  const chosen = ticked.filter((scope) => offered.includes(scope));
  // offline_access (refresh tokens) follows the client's request; it is not a choice on the page.
  const scope = authRequest.scope.includes("offline_access") ? [...chosen, "offline_access"] : chosen;
  const approvedRequest: AuthRequest = { ...authRequest, scope };

  if (upstreamMethod) {
    if (!identity.methods.includes(upstreamMethod))
      return again(400, "That sign-in method is not offered here. Use one of the buttons on this page.");
    const origin = publicOrigin(requestConfig(c.env), c.req.url);
    const provider = upstreamProvider(identity, upstreamMethod, outboundPolicy(origin));
    if (!provider) {
      const lacks = identity.missing[upstreamMethod]?.join(", ") ?? "its settings";
      return again(
        503,
        `This sign-in method is not set up yet: the connector's operator must set ${lacks} (see docs/identity.md).`,
      );
    }
    if (chosen.length === 0) return again(400, "Tick at least one permission, or choose Deny.");
    try {
      await provider.prepare?.();
    } catch (error) {
      if (!(error instanceof UpstreamUnavailable)) throw error;
      return again(502, `${provider.label} cannot be reached right now (${error.message}) Try again in a few minutes.`);
    }
    const remember = form.get("remember") === "yes" && identity.consentSecret !== undefined;
    return redirectUpstream(oauth, {
      authRequest: approvedRequest,
      provider,
      origin,
      headers: opened.headers,
      remember,
    });
  }

  if (!identity.methods.includes("passphrase"))
    return again(400, "This connector does not use a passphrase. Use one of the sign-in buttons.");
  // Before the passphrase, so an empty choice does not spend one of the tries.
  if (chosen.length === 0) return again(400, "Tick at least one permission, or choose Deny.", { ticked: [] });
  const throttle = signInThrottle(c.env);
  const signIn: SignInMethod = passphraseSignIn({ passphrase: c.env.OWNER_PASSPHRASE, throttle });
  const result = await signIn.verify(form, signInAttempt(c.req.raw, authRequest.clientId));
  const consent = await oauth.describeConsent(approvedRequest);
  const audited = { clientId: authRequest.clientId, clientName: consent.clientName };
  if (!result.ok) {
    // Only the owner signs in with the passphrase: a wrong one goes into their activity log.
    if (result.status === 401)
      await auditSignIn(c.env, undefined, {
        userId: encodeUserId(OWNER_SUBJECT),
        method: "passphrase",
        outcome: "refused",
        ...audited,
      });
    return again(result.status, result.message, {
      passphraseLocked: result.status === 429,
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }

  const grantProps: GrantProps = {
    userId: encodeUserId(result.user.subject),
    displayName: result.user.displayName,
    identity: result.user.identity,
    clientName: consent.clientName,
  };
  const { redirectTo } = await oauth.completeAuthorization({
    request: approvedRequest,
    userId: grantProps.userId,
    metadata: { displayName: result.user.displayName, identity: result.user.identity, clientName: consent.clientName },
    scope,
    props: grantProps,
    // The default (true) signs out the user's other devices that share a client id: Claude Code
    // reuses one id across windows, and CIMD clients share a URL id (anchors.md §3, items 1–2).
    revokeExistingGrants: false,
  });
  await auditSignIn(c.env, undefined, { userId: grantProps.userId, method: "passphrase", outcome: "ok", ...audited });
  const headers = new Headers(opened.headers);
  for (const cookie of result.cookies) headers.append("Set-Cookie", cookie);
  headers.set("Location", redirectTo);
  return new Response(null, { status: 302, headers });
});

/**
 * Skip the consent page when this browser's last upstream sign-in approved exactly this client
 * (same redirect URI and resource, no new scopes) for that identity. `prompt=consent` or
 * `prompt=login` always shows the page. The provider sign-in still happens, and the callback
 * checks the same person came back.
 */
async function rememberedUpstream(env: Env, request: Request, authRequest: AuthRequest): Promise<Response | undefined> {
  const identity = readIdentityConfig(env);
  if (!identity.consentSecret) return undefined;
  const prompt = new URL(request.url).searchParams.get("prompt")?.split(" ") ?? [];
  if (prompt.includes("consent") || prompt.includes("login")) return undefined;
  const who = await readIdentityCookie(request, identity.consentSecret);
  if (!who) return undefined;
  const origin = publicOrigin(requestConfig(env), request.url);
  const provider = upstreamProvider(identity, who.method, outboundPolicy(origin));
  if (!provider) return undefined;
  const oauth = env.OAUTH_PROVIDER;
  if (!(await oauth.isConsentRemembered(request, authRequest, { secret: identity.consentSecret, subject: who.userId })))
    return undefined;
  try {
    await provider.prepare?.();
  } catch {
    return undefined; // The page explains an unreachable provider when the person picks it.
  }
  return redirectUpstream(oauth, { authRequest, provider, origin, remember: false, expectedUserId: who.userId });
}

/** "Claude only" mode (`ALLOWED_CLIENTS=claude`) holds the redirect this request will use. */
function redirectAllowed(env: Env, authRequest: AuthRequest): boolean {
  return requestConfig(env).allowedClients !== "claude" || isClaudeRedirect(authRequest.redirectUri);
}

async function parseOrExplain(oauth: OAuthHelpers, request: Request): Promise<AuthRequest | Response> {
  try {
    return await oauth.parseAuthRequest(request);
  } catch (error) {
    // Once the client and its redirect URI are validated, errors go back to the client
    // (RFC 6749 §4.1.2.1); the provider sets redirectTo only then. Otherwise explain them here.
    if (error instanceof AuthorizationError && error.redirectTo) {
      return new Response(null, { status: 302, headers: { Location: error.redirectTo, "Cache-Control": "no-store" } });
    }
    return authorizeErrorPage(error, request);
  }
}

/** Run approve/deny; an expired, reused or cross-browser handle becomes a clear page, not a 500. */
async function consentStep<T>(step: () => Promise<T>): Promise<T | Response> {
  try {
    return await step();
  } catch {
    return messagePage(
      400,
      "This consent page has expired",
      "It was already used, is more than a few minutes old, or was opened in another browser.",
      "Go back to the app and connect again.",
    );
  }
}
