import {
  AuthorizationError,
  type AuthorizationErrorCode,
  type AuthRequest,
  authorizationErrorRedirect,
  type OAuthHelpers,
  type ResumedUpstream,
} from "@cloudflare/workers-oauth-provider";
import { Hono } from "hono";
import { publicOrigin, requestConfig } from "../config";
import { logEvent } from "../lib/log";
import { encodeUserId, type GrantProps } from "../mcp/props";
import { decideAdmission } from "./allowlist";
import { auditSignIn } from "./audit-sign-in";
import { renderConsent } from "./consent-view";
import { CONSOLE_STATE_PREFIX, finishConsoleUpstream } from "./console-upstream";
import { readIdentityConfig, type UpstreamMethodId } from "./identity-config";
import { UpstreamUnavailable } from "./outbound";
import { identityCookie, rememberApproval } from "./remember";
import { messagePage, signInErrorPage } from "./responses";
import { callbackUrl, outboundPolicy, type UpstreamData, upstreamProvider } from "./upstream";
import { type UpstreamIdentity, UpstreamRejected } from "./upstream-provider";

/**
 * `/callback/github` and `/callback/oidc`: the identity provider sends the person back here. The
 * provider library recovers the approved request from `state` (single use, bound to this browser);
 * then the code is exchanged, the identity checked against the allowlists, and the grant stored
 * under the provider's stable subject. Every failure is a page that says what happened, with a
 * link that hands the matching OAuth error back to the app.
 */
export const callbackRoutes = new Hono<{ Bindings: Env }>();

callbackRoutes.get("/callback/:method{github|oidc}", async (c) => {
  const oauth = c.env.OAUTH_PROVIDER;
  const method = c.req.param("method") as UpstreamMethodId;
  // A sign-in to the owner's console, not an app's authorization (auth/console-upstream.ts).
  if (c.req.query("state")?.startsWith(CONSOLE_STATE_PREFIX)) {
    return finishConsoleUpstream(c.env, c.req.raw, publicOrigin(requestConfig(c.env), c.req.url), method);
  }
  let resumed: ResumedUpstream<UpstreamData>;
  try {
    resumed = await oauth.finishUpstream<UpstreamData>(c.req.raw);
  } catch (error) {
    if (!(error instanceof AuthorizationError)) throw error;
    return messagePage(
      400,
      "This sign-in link has expired",
      "It was already used, is more than ten minutes old, or was opened in another browser than the one that started it.",
      "Go back to your app and connect again.",
    );
  }
  const { request: original, data, headers } = resumed;
  const clientName = (await oauth.describeConsent(original).catch(() => undefined))?.clientName;
  const fail = (status: number, code: AuthorizationErrorCode, title: string, message: string, hint?: string) =>
    signInErrorPage(
      status,
      { title, message, hint, clientName, returnTo: authorizationErrorRedirect(original, code, message) },
      headers,
    );

  // Mix-up defence: the provider that answers must be the one this sign-in was sent to.
  if (data?.method !== method)
    return fail(
      400,
      "access_denied",
      "Sign-in came back from the wrong provider",
      "This sign-in was started with another provider.",
      "Go back to your app and connect again.",
    );

  const config = readIdentityConfig(c.env);
  const origin = publicOrigin(requestConfig(c.env), c.req.url);
  const policy = outboundPolicy(origin);
  const provider = upstreamProvider(config, method, policy);
  if (!provider)
    return fail(
      503,
      "temporarily_unavailable",
      "This sign-in method is switched off",
      "The connector's operator turned this sign-in method off while you were signing in.",
    );

  const query = new URL(c.req.url).searchParams;
  const upstreamError = query.get("error");
  if (upstreamError === "access_denied") {
    return fail(
      403,
      "access_denied",
      `You did not allow access at ${provider.label}`,
      `${provider.label} reports that sign-in was cancelled, so nothing was connected.`,
      "To connect, start again from your app and allow access.",
    );
  }
  if (upstreamError) {
    // Only the code is echoed, never the provider's description (it is not ours to vouch for).
    // RFC 6749 §4.1.2.1: server_error and temporarily_unavailable pass; any other code means the
    // provider refuses this connector's request, which only its operator can fix.
    const code = upstreamError.slice(0, 64);
    if (code === "server_error" || code === "temporarily_unavailable") {
      return fail(
        502,
        "temporarily_unavailable",
        `${provider.label} could not sign you in`,
        `${provider.label} had a problem (“${code}”).`,
        "Try again from your app in a moment.",
      );
    }
    return fail(
      502,
      "server_error",
      `${provider.label} refused this sign-in`,
      `${provider.label} refused the connector's sign-in request (“${code}”), so trying again will not help.`,
      `Tell whoever runs this connector: its ${provider.label} sign-in settings need checking (docs/identity.md).`,
    );
  }
  const code = query.get("code");
  if (!code)
    return fail(
      400,
      "access_denied",
      `${provider.label} sent no sign-in code`,
      "The answer from the sign-in provider was incomplete.",
      "Go back to your app and connect again.",
    );

  let identity: UpstreamIdentity;
  try {
    const signedIn = await provider.signIn({
      code,
      verifier: data.verifier,
      nonce: data.nonce,
      redirectUri: callbackUrl(origin, method),
    });
    const decision = await decideAdmission(config.allow, signedIn.facts);
    if (!decision.admitted) {
      logEvent("sign_in_refused", { method });
      return fail(403, "access_denied", "You can't use this connector with that account", decision.reason);
    }
    identity = signedIn.identity;
  } catch (error) {
    if (error instanceof UpstreamRejected) {
      logEvent("sign_in_failed", { method, kind: "rejected" });
      return fail(
        400,
        "access_denied",
        "Sign-in could not be verified",
        error.message,
        "Go back to your app and connect again.",
      );
    }
    if (error instanceof UpstreamUnavailable) {
      logEvent("sign_in_failed", { method, kind: "unavailable" });
      return fail(
        502,
        "temporarily_unavailable",
        `${provider.label} is not answering properly`,
        error.message,
        "Try again from your app in a few minutes.",
      );
    }
    throw error;
  }

  const userId = encodeUserId(identity.subject);
  if (data.expectedUserId && data.expectedUserId !== userId) {
    // The remembered approval belongs to another account: ask this one.
    return renderConsent(c.env, oauth, original, {
      status: 200,
      notice: `You signed in as ${identity.displayName}. Approve this app for that account too?`,
    });
  }
  return completeSignIn(c.env, oauth, c.req.raw, {
    original,
    identity,
    userId,
    clientName,
    data,
    headers,
    secret: config.consentSecret,
  });
});

async function completeSignIn(
  env: Env,
  oauth: OAuthHelpers,
  request: Request,
  input: {
    original: AuthRequest;
    identity: UpstreamIdentity;
    userId: string;
    clientName?: string;
    data: UpstreamData;
    headers: Headers;
    secret?: string;
  },
): Promise<Response> {
  const { original, identity, userId, headers } = input;
  const grantProps: GrantProps = {
    userId,
    displayName: identity.displayName,
    identity: identity.method,
    clientName: input.clientName ?? original.clientId,
  };
  const { redirectTo } = await oauth.completeAuthorization({
    request: original,
    userId,
    // Shown in the list of connected apps; the email only when the provider verified one.
    metadata: {
      displayName: identity.displayName,
      identity: identity.method,
      clientName: grantProps.clientName,
      ...(identity.email ? { email: identity.email } : {}),
    },
    scope: original.scope,
    props: grantProps,
    revokeExistingGrants: false,
  });
  await auditSignIn(env, undefined, {
    userId,
    method: identity.method,
    outcome: "ok",
    clientId: original.clientId,
    clientName: grantProps.clientName,
  });
  if (input.data.remember && input.secret) {
    for (const cookie of await rememberApproval(oauth, request, original, { secret: input.secret, subject: userId }))
      headers.append("Set-Cookie", cookie);
    headers.append("Set-Cookie", await identityCookie(input.secret, { method: identity.method, userId }));
  }
  headers.set("Location", redirectTo);
  return new Response(null, { status: 302, headers });
}
