import type { AllowlistFacts } from "./allowlist";
import type { UpstreamMethodId } from "./identity-config";

/** Who the identity provider says signed in. Only these fields are kept (in the grant). */
export interface UpstreamIdentity {
  method: UpstreamMethodId;
  /** Stable provider subject: `github:<numeric id>` or `oidc:<issuer hash>:<sub>`. */
  subject: string;
  displayName: string;
  /** A verified address, shown in the list of connected apps; absent when the provider gave none. */
  email?: string;
}

/** What the redirect to the provider needs. `nonce` is used by OpenID Connect only. */
export interface AuthorizationInput {
  state: string;
  codeChallenge: string;
  nonce: string;
  redirectUri: string;
}

/** What the callback hands back: the provider's code and what was kept from the redirect. */
export interface CallbackInput {
  code: string;
  verifier: string;
  nonce: string;
  redirectUri: string;
}

export interface UpstreamProvider {
  id: UpstreamMethodId;
  /** Name on the sign-in button and in messages ("GitHub", "Okta"). */
  label: string;
  /** Check the provider can be used (discovery) before the consent form is consumed. */
  prepare?(): Promise<void>;
  authorizationUrl(input: AuthorizationInput): Promise<string>;
  /** Exchange the code and establish who signed in, with the facts the allowlists need. */
  signIn(input: CallbackInput): Promise<{ identity: UpstreamIdentity; facts: AllowlistFacts }>;
}

/**
 * The provider refused the code (expired, used, forged) or its answer failed verification (ID
 * token signature, issuer, audience, nonce, expiry). Starting again from the app is the remedy.
 */
export class UpstreamRejected extends Error {
  override name = "UpstreamRejected";
}
