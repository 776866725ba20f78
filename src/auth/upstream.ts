import type { AuthRequest, OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { isLoopbackHost } from "../lib/host-name";
import { githubProvider } from "./github";
import type { IdentityConfig, UpstreamMethodId } from "./identity-config";
import { oidcProvider } from "./oidc";
import type { OutboundPolicy } from "./outbound";
import { randomToken, s256Challenge } from "./pkce";
import type { UpstreamProvider } from "./upstream-provider";

/** Kept server-side by `beginUpstream()` (encrypted, single use, 10 minutes) until the callback. */
export interface UpstreamData {
  method: UpstreamMethodId;
  verifier: string;
  nonce: string;
  /** The person ticked "remember this app": record the approval once their identity is known. */
  remember: boolean;
  /** Set when consent was skipped because this user approved before: the callback must see them. */
  expectedUserId?: string;
}

/** Plain-HTTP identity providers on loopback are allowed only while Outpost itself runs on loopback. */
export function outboundPolicy(origin: string): OutboundPolicy {
  return { allowLoopbackHttp: isLoopbackHost(new URL(origin).hostname) };
}

/** Where a provider sends the person back; register exactly this URL with the provider. */
export function callbackUrl(origin: string, method: UpstreamMethodId): string {
  return `${origin}/callback/${method}`;
}

/** The configured provider for `method`, or undefined when it is off or incomplete. */
export function upstreamProvider(
  config: IdentityConfig,
  method: UpstreamMethodId,
  policy: OutboundPolicy,
): UpstreamProvider | undefined {
  if (!config.methods.includes(method)) return undefined;
  if (method === "github" && config.github)
    return githubProvider({ settings: config.github, allow: config.allow, policy });
  if (method === "oidc" && config.oidc) return oidcProvider({ settings: config.oidc, allow: config.allow, policy });
  return undefined;
}

/** Button labels for the consent page: every enabled upstream method, configured or not (a click explains). */
export function upstreamChoices(config: IdentityConfig): { id: UpstreamMethodId; label: string }[] {
  return config.methods
    .filter((method): method is UpstreamMethodId => method !== "passphrase")
    .map((id) => ({ id, label: id === "github" ? "GitHub" : (config.oidc?.name ?? "single sign-on") }));
}

/** The enabled sign-in methods as a person knows them, for the home page. */
export function signInMethods(config: IdentityConfig): { labels: string[]; passphrase: boolean } {
  const upstream = new Map(upstreamChoices(config).map((choice) => [choice.id, choice.label]));
  const labels = config.methods.map((method) => {
    if (method === "passphrase") return "the owner's passphrase";
    const label = upstream.get(method) ?? method;
    return config.missing[method] ? `${label} (not set up yet)` : label;
  });
  return { labels, passphrase: config.methods.includes("passphrase") };
}

/**
 * Send the browser to the identity provider for an already approved request (consent given on the
 * page, or remembered for this user): PKCE S256, a nonce, and the provider library's `state`,
 * which binds the callback to this browser. `headers` carries cookies to set on the way out.
 */
export async function redirectUpstream(
  oauth: OAuthHelpers,
  options: {
    authRequest: AuthRequest;
    provider: UpstreamProvider;
    origin: string;
    headers?: Headers;
    remember: boolean;
    expectedUserId?: string;
  },
): Promise<Response> {
  const data: UpstreamData = {
    method: options.provider.id,
    verifier: randomToken(),
    nonce: randomToken(),
    remember: options.remember,
    expectedUserId: options.expectedUserId,
  };
  const { state, headers } = await oauth.beginUpstream(options.authRequest, {
    data,
    headers: options.headers ?? new Headers(),
  });
  const location = await options.provider.authorizationUrl({
    state,
    codeChallenge: await s256Challenge(data.verifier),
    nonce: data.nonce,
    redirectUri: callbackUrl(options.origin, options.provider.id),
  });
  headers.set("Location", location);
  return new Response(null, { status: 302, headers });
}
