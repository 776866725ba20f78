import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from "jose";
import type { OidcSettings } from "./identity-config";
import { fetchJson, fetchLimited, type OutboundPolicy, refuseUrl, UpstreamUnavailable } from "./outbound";

/** The parts of an OpenID Provider's metadata (OpenID Connect Discovery 1.0 §3) Outpost uses. */
export interface OidcMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint?: string;
  jwksUri: string;
  /** ID token algorithms Outpost accepts from this provider: asymmetric ones only. */
  algorithms: string[];
  /** Send the client secret in the form instead of HTTP Basic (the provider supports only that). */
  secretInBody: boolean;
}

/** Discovery documents are kept this long per isolate; keys follow jose's own cache rules. */
export const DISCOVERY_CACHE_MS = 60 * 60 * 1000;
const MAX_CACHED_ISSUERS = 8;
const ASYMMETRIC = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];

const discovered = new Map<string, { metadata: OidcMetadata; until: number }>();
const keySets = new Map<string, JWTVerifyGetKey>();

/**
 * Fetch and check `<issuer>/.well-known/openid-configuration`. The document must name exactly the
 * configured issuer (Discovery §4.3: this is what stops a look-alike document from redirecting
 * sign-in), and every endpoint must pass the same outbound rules as the issuer itself.
 */
export async function discover(settings: OidcSettings, policy: OutboundPolicy): Promise<OidcMetadata> {
  const key = `${settings.issuer} ${policy.allowLoopbackHttp}`;
  const cached = discovered.get(key);
  if (cached && cached.until > Date.now()) return cached.metadata;

  const url = `${settings.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const { status, body } = await fetchJson(url, { headers: { Accept: "application/json" } }, policy);
  if (status !== 200 || !body || typeof body !== "object")
    throw new UpstreamUnavailable(`The OpenID provider's discovery document answered ${status}.`);
  const document = body as Record<string, unknown>;
  if (document.issuer !== settings.issuer) {
    throw new UpstreamUnavailable(
      "The OpenID provider's discovery document names another issuer than OIDC_ISSUER: copy the issuer exactly, trailing slash included.",
    );
  }
  const endpoint = (name: string, required: boolean): string | undefined => {
    const value = document[name];
    if (value === undefined && !required) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(String(value));
    } catch {
      throw new UpstreamUnavailable(`The OpenID provider's discovery document has no usable ${name}.`);
    }
    const refused = refuseUrl(parsed, policy);
    if (refused) throw new UpstreamUnavailable(`The OpenID provider's ${name} was refused: ${refused}.`);
    return parsed.toString();
  };
  const offered = Array.isArray(document.id_token_signing_alg_values_supported)
    ? document.id_token_signing_alg_values_supported.map(String)
    : ["RS256"];
  const authMethods = Array.isArray(document.token_endpoint_auth_methods_supported)
    ? document.token_endpoint_auth_methods_supported.map(String)
    : ["client_secret_basic"];
  const metadata: OidcMetadata = {
    issuer: settings.issuer,
    authorizationEndpoint: endpoint("authorization_endpoint", true) as string,
    tokenEndpoint: endpoint("token_endpoint", true) as string,
    userinfoEndpoint: endpoint("userinfo_endpoint", false),
    jwksUri: endpoint("jwks_uri", true) as string,
    algorithms: offered.filter((alg) => ASYMMETRIC.includes(alg)),
    secretInBody: !authMethods.includes("client_secret_basic") && authMethods.includes("client_secret_post"),
  };
  if (metadata.algorithms.length === 0)
    throw new UpstreamUnavailable(
      "The OpenID provider signs ID tokens only with algorithms Outpost does not accept (it needs RS256, ES256 or another asymmetric one).",
    );

  if (discovered.size >= MAX_CACHED_ISSUERS) discovered.delete(discovered.keys().next().value as string);
  discovered.set(key, { metadata, until: Date.now() + DISCOVERY_CACHE_MS });
  return metadata;
}

/**
 * The provider's signing keys, cached per isolate by jose: refetched when a token names an unknown
 * key (at most every 30 s) and after 10 minutes; every fetch goes through the outbound limits.
 */
export function signingKeys(metadata: OidcMetadata, policy: OutboundPolicy): JWTVerifyGetKey {
  const key = `${metadata.jwksUri} ${policy.allowLoopbackHttp}`;
  let keys = keySets.get(key);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(metadata.jwksUri), {
      [customFetch]: async (url: string, init: RequestInit) => {
        const { status, text } = await fetchLimited(url, { headers: init.headers, method: "GET" }, policy);
        return new Response(text, { status, headers: { "Content-Type": "application/json" } });
      },
    });
    if (keySets.size >= MAX_CACHED_ISSUERS) keySets.delete(keySets.keys().next().value as string);
    keySets.set(key, keys);
  }
  return keys;
}

/** Forget cached discovery documents and keys (tests that restart a provider). */
export function clearOidcCaches(): void {
  discovered.clear();
  keySets.clear();
}
