import { type ApprovedConsent, type AuthRequest, AuthorizationError, type DeniedConsent, type OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { Hono } from "hono";
import { toolkitScopes } from "../toolkits";
import { readBodyLimited } from "../worker/read-body";
import { ConsentPage } from "../web/consent-page";
import { MessagePage, pageSecurityHeaders } from "../web/layout";
import type { SignInMethod } from "./identity";
import { passphraseSignIn } from "./passphrase";
import { encodeUserId, type GrantProps } from "./props";

/** The consent form is small; anything larger is not a person typing. */
const MAX_FORM_BYTES = 16 * 1024;

/**
 * `/authorize`: GET shows the consent page, POST approves or denies it. Transaction state lives in
 * the provider's single-use, cookie-bound consent handle (`beginConsent` / `approveConsent`), so the
 * form carries nothing trusted and a forged cross-site POST has no cookie to match (CSRF).
 */
export const authorizeRoutes = new Hono<{ Bindings: Env }>();

authorizeRoutes.get("/authorize", async (c) => {
  const oauth = c.env.OAUTH_PROVIDER;
  const authRequest = await parseOrExplain(oauth, c.req.raw);
  if (authRequest instanceof Response) return authRequest;
  return renderConsent(oauth, authRequest, { status: 200 });
});

authorizeRoutes.post("/authorize", async (c) => {
  const oauth = c.env.OAUTH_PROVIDER;
  const body = await readBodyLimited(c.req.raw, MAX_FORM_BYTES);
  if (body === undefined) return messagePage(413, "Form too large", "The consent form sent more data than it can hold.");
  const authRequest = await parseOrExplain(oauth, c.req.raw);
  if (authRequest instanceof Response) return authRequest;
  let form: FormData;
  try {
    const contentType = c.req.header("Content-Type") ?? "application/x-www-form-urlencoded";
    form = await new Response(body, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return messagePage(400, "Unreadable form", "The consent form could not be read. Go back to your app and connect again.");
  }
  const handle = form.get("handle");
  const decision = form.get("decision");
  if (typeof handle !== "string" || (decision !== "approve" && decision !== "deny")) {
    return messagePage(400, "Incomplete form", "Use the Approve or Deny button on the consent page.");
  }

  if (decision === "deny") {
    const denied = await consentStep<DeniedConsent>(() => oauth.denyConsent(c.req.raw, handle));
    if (denied instanceof Response) return denied;
    return new Response(null, { status: 302, headers: denied.headers });
  }

  const signIn: SignInMethod = passphraseSignIn({
    passphrase: c.env.OWNER_PASSPHRASE,
    throttle: c.env.SIGN_IN_THROTTLE.get(c.env.SIGN_IN_THROTTLE.idFromName("global")) as never,
  });
  const result = await signIn.verify(form, c.req.header("CF-Connecting-IP") ?? "local");
  if (!result.ok) {
    // The handle was not consumed: show the same form again with the reason.
    return renderConsent(oauth, authRequest, {
      status: result.status,
      error: result.message,
      handle,
      ticked: form.getAll("scope").map(String),
      headers: result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : {},
    });
  }

  const offered = offeredScopes(authRequest).map((item) => item.scope);
  const chosen = form.getAll("scope").map(String).filter((scope) => offered.includes(scope));
  if (chosen.length === 0) {
    return renderConsent(oauth, authRequest, { status: 400, error: "Tick at least one permission, or choose Deny.", handle, ticked: [] });
  }
  // offline_access (refresh tokens) follows the client's request; it is not a choice on the page.
  const scope = authRequest.scope.includes("offline_access") ? [...chosen, "offline_access"] : chosen;

  const approved = await consentStep<ApprovedConsent>(() => oauth.approveConsent(c.req.raw, handle, { scope }));
  if (approved instanceof Response) return approved;
  const consent = await oauth.describeConsent(approved.request);
  const grantProps: GrantProps = {
    userId: encodeUserId(result.user.subject),
    displayName: result.user.displayName,
    identity: result.user.identity,
    clientName: consent.clientName,
  };
  const { redirectTo } = await oauth.completeAuthorization({
    request: approved.request,
    userId: grantProps.userId,
    metadata: { displayName: result.user.displayName, identity: result.user.identity, clientName: consent.clientName },
    scope: approved.request.scope,
    props: grantProps,
    // The default (true) signs out the user's other devices that share a client id: Claude Code
    // reuses one id across windows, and CIMD clients share a URL id (anchors.md §3, items 1–2).
    revokeExistingGrants: false,
  });
  const headers = new Headers(approved.headers);
  headers.set("Location", redirectTo);
  return new Response(null, { status: 302, headers });
});

/** Scopes the page offers: those requested that Outpost knows, or all of them when none were. */
function offeredScopes(authRequest: AuthRequest): { scope: string; description: string }[] {
  const all = Object.entries(toolkitScopes()).map(([scope, description]) => ({ scope, description }));
  const requested = all.filter((item) => authRequest.scope.includes(item.scope));
  return requested.length > 0 ? requested : all;
}

async function renderConsent(
  oauth: OAuthHelpers,
  authRequest: AuthRequest,
  options: { status: number; error?: string; handle?: string; ticked?: string[]; headers?: Record<string, string> },
): Promise<Response> {
  const consent = await oauth.describeConsent(authRequest);
  let handle = options.handle;
  const redirect = new URL(consent.redirectUri);
  const headers = new Headers(pageSecurityHeaders(redirect.protocol.startsWith("http") ? [redirect.origin] : []));
  if (!handle) {
    const transaction = await oauth.beginConsent(authRequest);
    handle = transaction.handle;
    transaction.headers.forEach((value, name) => {
      if (name.toLowerCase() === "set-cookie") headers.append(name, value);
      else if (!headers.has(name)) headers.set(name, value);
    });
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  headers.set("Content-Type", "text/html; charset=utf-8");
  const scopes = offeredScopes(authRequest).map((item) => ({ ...item, checked: options.ticked ? options.ticked.includes(item.scope) : true }));
  const html = `<!doctype html>${<ConsentPage consent={consent} handle={handle} scopes={scopes} error={options.error} />}`;
  return new Response(html, { status: options.status, headers });
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
    const detail = error instanceof Error && "description" in error ? String((error as { description?: string }).description ?? "") : "";
    return messagePage(400, "This sign-in link is not valid", detail || "The app sent an authorization request Outpost cannot accept.", "Go back to the app and connect again.");
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

function messagePage(status: number, title: string, message: string, hint?: string): Response {
  const html = `<!doctype html>${<MessagePage title={title} message={message} hint={hint} />}`;
  return new Response(html, { status, headers: { ...pageSecurityHeaders(), "Content-Type": "text/html; charset=utf-8" } });
}
