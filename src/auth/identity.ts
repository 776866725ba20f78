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
  | { ok: true; user: SignedInUser }
  | { ok: false; status: 401 | 429 | 503; message: string; retryAfterSeconds?: number };

export interface SignInMethod {
  id: string;
  /** Verify the consent form's submission. `clientKey` identifies the caller for rate limiting. */
  verify(form: FormData, clientKey: string): Promise<SignInResult>;
}
