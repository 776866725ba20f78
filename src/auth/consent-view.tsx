import type { AuthRequest, OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { isLoopbackOrigin } from "../config";
import { toolkitScopes } from "../toolkits";
import { ConsentPage } from "../web/consent-page";
import { pageSecurityHeaders } from "../web/layout";
import { GITHUB_AUTHORIZE_URL } from "./github";
import { type IdentityConfig, readIdentityConfig } from "./identity-config";
import { discover } from "./oidc-discovery";
import { outboundPolicy, upstreamChoices } from "./upstream";

/** Scopes the page offers: those requested that Outpost knows, or all of them when none were. */
export function offeredScopes(authRequest: AuthRequest): { scope: string; description: string }[] {
  const all = Object.entries(toolkitScopes()).map(([scope, description]) => ({ scope, description }));
  const requested = all.filter((item) => authRequest.scope.includes(item.scope));
  return requested.length > 0 ? requested : all;
}

export interface RenderConsentOptions {
  status: number;
  error?: string;
  notice?: string;
  /** Re-use this transaction (re-showing the form after a failed attempt); otherwise start one. */
  handle?: string;
  ticked?: string[];
  headers?: Record<string, string>;
}

/** The consent page for `authRequest`, with the sign-in methods the configuration enables. */
export async function renderConsent(env: Env, oauth: OAuthHelpers, authRequest: AuthRequest, options: RenderConsentOptions): Promise<Response> {
  const consent = await oauth.describeConsent(authRequest);
  const identity = readIdentityConfig(env);
  let handle = options.handle;
  const redirect = new URL(consent.redirectUri);
  const formTargets = [...(redirect.protocol.startsWith("http") ? [redirect.origin] : []), ...(await upstreamOrigins(identity, authRequest))];
  const headers = new Headers(pageSecurityHeaders(formTargets));
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
  const upstream = upstreamChoices(identity);
  const signIn = {
    passphrase: identity.methods.includes("passphrase"),
    upstream,
    offerRemember: upstream.length > 0 && identity.consentSecret !== undefined,
  };
  // The parsed request always carries the resource, which is this server's origin.
  const local = authRequest.resource !== undefined && isLoopbackOrigin(authRequest.resource);
  const html = `<!doctype html>${<ConsentPage consent={consent} handle={handle} scopes={scopes} error={options.error} notice={options.notice} signIn={signIn} local={local} />}`;
  return new Response(html, { status: options.status, headers });
}

/**
 * Origins the consent form's POST may redirect to on the way to a provider: browsers apply the
 * CSP `form-action` to redirects after a form submission, so without these Chrome would block the
 * step to GitHub or the OpenID provider.
 */
async function upstreamOrigins(identity: IdentityConfig, authRequest: AuthRequest): Promise<string[]> {
  const origins: string[] = [];
  if (identity.methods.includes("github")) origins.push(new URL(GITHUB_AUTHORIZE_URL).origin);
  if (identity.methods.includes("oidc") && identity.oidc) {
    try {
      const metadata = await discover(identity.oidc, outboundPolicy(authRequest.resource ?? identity.oidc.issuer));
      origins.push(new URL(metadata.authorizationEndpoint).origin);
    } catch {
      // Unreachable now: the page still renders, and pressing the button explains the failure.
      origins.push(new URL(identity.oidc.issuer).origin);
    }
  }
  return origins;
}
