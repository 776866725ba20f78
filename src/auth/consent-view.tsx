import type { AuthRequest, OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { isLoopbackOrigin } from "../lib/host-name";
import type { Toolkit } from "../mcp/define";
import { installedToolkits, toolkitScopes } from "../mcp/installed-toolkits";
import { ConsentPage } from "../web/consent-page";
import { pageSecurityHeaders } from "../web/layout";
import { GITHUB_AUTHORIZE_URL } from "./github";
import { type IdentityConfig, readIdentityConfig } from "./identity-config";
import { discover } from "./oidc-discovery";
import { isOperatorClient } from "./operator-clients";
import { TOKEN_LIFETIMES } from "./token-lifetimes";
import { outboundPolicy, upstreamChoices } from "./upstream";

/** Scopes the page offers: those requested that Outpost knows, or all of them when none were. */
export function offeredScopes(authRequest: AuthRequest): { scope: string; description: string }[] {
  const all = Object.entries(installedToolkits().scopes).map(([scope, description]) => ({ scope, description }));
  const requested = all.filter((item) => authRequest.scope.includes(item.scope));
  return requested.length > 0 ? requested : all;
}

/**
 * Scopes none of whose tools changes anything (every one has `readOnlyHint`): what "Only read
 * access" leaves ticked. Derived from the tools, so a new toolkit needs no list kept here.
 */
export function readOnlyScopes(list: readonly Toolkit[] = installedToolkits().toolkits): Set<string> {
  const changing = new Set(
    list.flatMap((toolkit) => toolkit.tools.filter((tool) => !tool.annotations.readOnlyHint).map((tool) => tool.scope)),
  );
  return new Set(Object.keys(toolkitScopes(list)).filter((scope) => !changing.has(scope)));
}

export interface RenderConsentOptions {
  status: number;
  error?: string;
  notice?: string;
  ticked?: string[];
  /** Headers the provider returned with the spent transaction (its cookie, cleared). */
  headers?: Headers;
  /** Too many wrong passphrases: show the passphrase's Approve button disabled. */
  passphraseLocked?: boolean;
  /** Sent as Retry-After. */
  retryAfterSeconds?: number;
}

/**
 * The consent page for `authRequest`, with the sign-in methods the configuration enables. Every
 * rendering starts a new consent transaction: a POST spends the handle it carries, so a page shown
 * again (wrong passphrase, nothing ticked) needs a fresh one.
 */
export async function renderConsent(
  env: Env,
  oauth: OAuthHelpers,
  authRequest: AuthRequest,
  options: RenderConsentOptions,
): Promise<Response> {
  const consent = await oauth.describeConsent(authRequest);
  const identity = readIdentityConfig(env);
  const redirect = new URL(consent.redirectUri);
  const formTargets = [
    ...(redirect.protocol.startsWith("http") ? [redirect.origin] : []),
    ...(await upstreamOrigins(identity, authRequest.resource)),
  ];
  const headers = new Headers(pageSecurityHeaders(formTargets));
  const transaction = await oauth.beginConsent(authRequest);
  for (const extra of [transaction.headers, options.headers ?? new Headers()]) {
    for (const cookie of extra.getSetCookie()) headers.append("Set-Cookie", cookie);
    // Our CSP already forbids framing and says more than the provider's; keep ours.
    extra.forEach((value, name) => {
      if (name.toLowerCase() !== "set-cookie" && !headers.has(name)) headers.set(name, value);
    });
  }
  if (options.retryAfterSeconds) headers.set("Retry-After", String(options.retryAfterSeconds));
  headers.set("Content-Type", "text/html; charset=utf-8");
  const readOnly = readOnlyScopes();
  const scopes = offeredScopes(authRequest).map((item) => ({
    ...item,
    checked: options.ticked ? options.ticked.includes(item.scope) : true,
    readOnly: readOnly.has(item.scope),
  }));
  const upstream = upstreamChoices(identity);
  const signIn = {
    passphrase: identity.methods.includes("passphrase"),
    passphraseLocked: options.passphraseLocked === true,
    upstream,
    offerRemember: upstream.length > 0 && identity.consentSecret !== undefined,
  };
  // The parsed request always carries the resource, which is this server's origin.
  const local = authRequest.resource !== undefined && isLoopbackOrigin(authRequest.resource);
  const html = `<!doctype html>${<ConsentPage consent={consent} handle={transaction.handle} scopes={scopes} lifetime={TOKEN_LIFETIMES} error={options.error} notice={options.notice} signIn={signIn} local={local} operatorRegistered={await isOperatorClient(env.OAUTH_KV, authRequest.clientId)} />}`;
  return new Response(html, { status: options.status, headers });
}

/**
 * Origins the consent form's (or the console's sign-in form's) POST may redirect to on the way to a
 * provider; `origin` is this server's: browsers apply the
 * CSP `form-action` to redirects after a form submission, so without these Chrome would block the
 * step to GitHub or the OpenID provider.
 */
export async function upstreamOrigins(identity: IdentityConfig, origin: string | undefined): Promise<string[]> {
  const origins: string[] = [];
  if (identity.methods.includes("github")) origins.push(new URL(GITHUB_AUTHORIZE_URL).origin);
  if (identity.methods.includes("oidc") && identity.oidc) {
    try {
      const metadata = await discover(identity.oidc, outboundPolicy(origin ?? identity.oidc.issuer));
      origins.push(new URL(metadata.authorizationEndpoint).origin);
    } catch {
      // Unreachable now: the page still renders, and pressing the button explains the failure.
      origins.push(new URL(identity.oidc.issuer).origin);
    }
  }
  return origins;
}
