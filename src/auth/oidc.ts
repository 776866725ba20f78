import { errors, type JWTPayload, jwtVerify } from "jose";
import { bytesToHex } from "../lib/encoding";
import type { AllowlistFacts } from "./allowlist";
import type { Allowlist, OidcSettings } from "./identity-config";
import { discover, type OidcMetadata, signingKeys } from "./oidc-discovery";
import { fetchJson, type OutboundPolicy, UpstreamUnavailable } from "./outbound";
import { type UpstreamIdentity, type UpstreamProvider, UpstreamRejected } from "./upstream-provider";

/** Leeway for `exp`, `iat` and `nbf` between Outpost's clock and the provider's. */
const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Sign-in with any OpenID Connect provider found by discovery: authorization code flow with PKCE
 * S256 and a nonce, the ID token verified with jose (OpenID Connect Core §3.1.3.7), the email
 * taken only when the provider marks it verified. The provider's tokens are dropped after sign-in.
 */
export function oidcProvider(options: {
  settings: OidcSettings;
  allow: Allowlist;
  policy: OutboundPolicy;
}): UpstreamProvider {
  const { settings, policy } = options;
  return {
    id: "oidc",
    label: settings.name,
    async prepare() {
      await discover(settings, policy);
    },
    async authorizationUrl({ state, codeChallenge, nonce, redirectUri }) {
      const metadata = await discover(settings, policy);
      const url = new URL(metadata.authorizationEndpoint);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", settings.clientId);
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("scope", "openid email profile");
      url.searchParams.set("state", state);
      url.searchParams.set("nonce", nonce);
      url.searchParams.set("code_challenge", codeChallenge);
      url.searchParams.set("code_challenge_method", "S256");
      return url.toString();
    },

    async signIn({ code, verifier, nonce, redirectUri }) {
      const metadata = await discover(settings, policy);
      const tokens = await exchangeCode({ settings, metadata, policy, code, verifier, redirectUri });
      const claims = await verifyIdToken({ settings, metadata, policy, idToken: tokens.idToken, nonce });
      let email = verifiedEmail(claims);
      let name = claims.name;
      if (!email && metadata.userinfoEndpoint && tokens.accessToken) {
        // Some providers put profile claims only in UserInfo; its `sub` must match (Core §5.3.2).
        const info = await fetchJson(
          metadata.userinfoEndpoint,
          { headers: { Authorization: `Bearer ${tokens.accessToken}`, Accept: "application/json" } },
          policy,
        );
        const userinfo = info.body as Record<string, unknown> | undefined;
        if (info.status === 200 && userinfo?.sub === claims.sub) {
          email = verifiedEmail(userinfo);
          name ??= userinfo.name;
        }
      }
      const facts: AllowlistFacts = { method: "oidc", verifiedEmails: email ? [email] : [] };
      const identity: UpstreamIdentity = {
        method: "oidc",
        subject: `oidc:${await issuerHash(settings.issuer)}:${claims.sub}`,
        displayName: firstText(name, claims.preferred_username, email, claims.sub) as string,
        email,
      };
      return { identity, facts };
    },
  };
}

/** 12 hex characters of SHA-256(issuer): keeps user ids short and one issuer's subjects apart from another's. */
export async function issuerHash(issuer: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(issuer));
  return bytesToHex(new Uint8Array(digest).slice(0, 6));
}

async function exchangeCode(input: {
  settings: OidcSettings;
  metadata: OidcMetadata;
  policy: OutboundPolicy;
  code: string;
  verifier: string;
  redirectUri: string;
}): Promise<{ idToken: string; accessToken?: string }> {
  const { settings, metadata } = input;
  const form = new URLSearchParams({
    grant_type: "authorization_code",
    code: input.code,
    redirect_uri: input.redirectUri,
    code_verifier: input.verifier,
  });
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Content-Type": "application/x-www-form-urlencoded",
  };
  if (!settings.clientSecret) {
    form.set("client_id", settings.clientId);
  } else if (metadata.secretInBody) {
    form.set("client_id", settings.clientId);
    form.set("client_secret", settings.clientSecret);
  } else {
    // RFC 6749 §2.3.1: both parts are form-encoded before Basic encoding.
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
    headers.Authorization = `Basic ${btoa(`${encode(settings.clientId)}:${encode(settings.clientSecret)}`)}`;
  }
  const { status, body } = await fetchJson(
    metadata.tokenEndpoint,
    { method: "POST", headers, body: form },
    input.policy,
  );
  const answer = (body ?? {}) as { id_token?: unknown; access_token?: unknown; error?: unknown };
  if (status === 200 && typeof answer.id_token === "string") {
    return {
      idToken: answer.id_token,
      accessToken: typeof answer.access_token === "string" ? answer.access_token : undefined,
    };
  }
  if (answer.error === "invalid_client" || answer.error === "unauthorized_client") {
    throw new UpstreamUnavailable(
      "The OpenID provider refused this connector's client id or secret (OIDC_CLIENT_ID, OIDC_CLIENT_SECRET).",
    );
  }
  if (status === 400 && answer.error === "invalid_grant")
    throw new UpstreamRejected("The OpenID provider did not accept the sign-in code: it expired or was already used.");
  if (status === 200) throw new UpstreamRejected("The OpenID provider answered without an ID token.");
  throw new UpstreamUnavailable(`The OpenID provider's token endpoint answered ${status}.`);
}

type IdClaims = JWTPayload & {
  sub: string;
  nonce?: unknown;
  azp?: unknown;
  name?: unknown;
  preferred_username?: unknown;
  email?: unknown;
  email_verified?: unknown;
};

/** Signature through the issuer's keys, `iss`, `aud`, `exp`, `iat`, then `nonce` and `azp` (Core §3.1.3.7). */
async function verifyIdToken(input: {
  settings: OidcSettings;
  metadata: OidcMetadata;
  policy: OutboundPolicy;
  idToken: string;
  nonce: string;
}): Promise<IdClaims> {
  const { settings, metadata } = input;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(input.idToken, signingKeys(metadata, input.policy), {
      issuer: settings.issuer,
      audience: settings.clientId,
      algorithms: metadata.algorithms,
      requiredClaims: ["sub", "exp", "iat"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (error instanceof UpstreamUnavailable || error instanceof errors.JWKSTimeout)
      throw new UpstreamUnavailable("The OpenID provider's signing keys could not be fetched.");
    const reason =
      error instanceof errors.JWTExpired
        ? "it has expired"
        : error instanceof errors.JWTClaimValidationFailed
          ? `its ${error.claim} claim is wrong`
          : "its signature does not check out";
    throw new UpstreamRejected(`The OpenID provider's ID token was refused: ${reason}.`);
  }
  const claims = payload as IdClaims;
  if (typeof claims.sub !== "string" || claims.sub === "")
    throw new UpstreamRejected("The OpenID provider's ID token has no subject.");
  if (claims.nonce !== input.nonce)
    throw new UpstreamRejected("The OpenID provider's ID token was refused: its nonce does not match this sign-in.");
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== settings.clientId) {
    throw new UpstreamRejected("The OpenID provider's ID token was refused: it was issued to another client (azp).");
  }
  return claims;
}

function verifiedEmail(claims: Record<string, unknown>): string | undefined {
  const verified = claims.email_verified === true || claims.email_verified === "true";
  return verified && typeof claims.email === "string" && claims.email.includes("@")
    ? claims.email.toLowerCase()
    : undefined;
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === "string" && value.trim()) return value.trim().slice(0, 200);
  return undefined;
}
