import type { SignInMethod, SignInResult } from "./identity";
import type { SignInThrottle } from "./throttle";

export const OWNER_SUBJECT = "passphrase:owner";

/**
 * Sign-in for the single owner: compare the submitted passphrase with OWNER_PASSPHRASE in constant
 * time, behind the sign-in throttle. A wrong passphrase says only that it was wrong.
 */
export function passphraseSignIn(options: { passphrase: string | undefined; throttle: DurableObjectStub<SignInThrottle> }): SignInMethod {
  return {
    id: "passphrase",
    async verify(form, clientKey): Promise<SignInResult> {
      if (!options.passphrase) {
        return {
          ok: false,
          status: 503,
          message: "This connector has no owner passphrase yet. Its operator must run `wrangler secret put OWNER_PASSPHRASE` and try again.",
        };
      }
      const wait = await options.throttle.reserveAttempt(clientKey);
      if (wait > 0) return tooManyAttempts(wait);

      const submitted = form.get("passphrase");
      if (typeof submitted === "string" && (await constantTimeEqual(submitted, options.passphrase))) {
        await options.throttle.recordSuccess(clientKey);
        return { ok: true, user: { subject: OWNER_SUBJECT, displayName: "Owner", identity: "passphrase" } };
      }
      // The attempt was already counted as a failure when it was reserved.
      const waitAfter = await options.throttle.retryAfter(clientKey);
      if (waitAfter > 0) return tooManyAttempts(waitAfter);
      return { ok: false, status: 401, message: "That passphrase is not right. Check it and try again." };
    },
  };
}

function tooManyAttempts(seconds: number): SignInResult {
  return {
    ok: false,
    status: 429,
    retryAfterSeconds: seconds,
    message: `Too many wrong passphrases. Try again in ${seconds} s.`,
  };
}

/**
 * Compare two strings without leaking where they differ: both are hashed to equal-length digests,
 * then compared with the runtime's timing-safe primitive.
 */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [left, right] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(left, right);
}
