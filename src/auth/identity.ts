import type { SignInAttempt } from "./sign-in-attempt";

/**
 * How a person proves who they are on the consent page itself: the owner's passphrase. GitHub and
 * OpenID Connect sign-in happen at the provider after consent instead (upstream.ts, callback.ts).
 */
export interface SignedInUser {
  /** Provider-stable subject, e.g. "passphrase:owner" or "github:12345"; encoded into the grant's userId. */
  subject: string;
  displayName: string;
  /** The method's id, kept in props and grant metadata. */
  identity: string;
}

export type SignInResult =
  | {
      ok: true;
      user: SignedInUser /** Set-Cookie values for the response that completes sign-in. */;
      cookies: string[];
    }
  | SignInFailure;

/** 429 means locked: the page disables the method's button until `retryAfterSeconds` have passed. */
export interface SignInFailure {
  ok: false;
  status: 401 | 429 | 503;
  message: string;
  retryAfterSeconds?: number;
}

export interface SignInMethod {
  id: string;
  /** Verify the consent form's submission. `attempt` says whom a failure is counted against. */
  verify(form: FormData, attempt: SignInAttempt): Promise<SignInResult>;
}
