import { deviceMarkCookie } from "./device-mark";
import type { SignInFailure, SignInMethod, SignInResult } from "./identity";
import type { SignInAttempt } from "./sign-in-attempt";
import { type SignInThrottle, THROTTLE_LIMITS } from "./throttle";

export const OWNER_SUBJECT = "passphrase:owner";

/**
 * Sign-in for the single owner: compare the submitted passphrase with OWNER_PASSPHRASE in constant
 * time, behind the sign-in throttle. A wrong passphrase says only that it was wrong, and how many
 * tries are left before the wait; a right one gives the browser a device mark (device-mark.ts).
 */
export function passphraseSignIn(options: {
  passphrase: string | undefined;
  throttle: DurableObjectStub<SignInThrottle>;
}): SignInMethod {
  return {
    id: "passphrase",
    async verify(form, attempt): Promise<SignInResult> {
      if (!options.passphrase) return PASSPHRASE_UNSET;
      const reservation = await options.throttle.reserveAttempt(attempt);
      if (!reservation.reserved) return locked(reservation.retryAfterSeconds);

      const submitted = form.get("passphrase");
      if (typeof submitted === "string" && (await constantTimeEqual(submitted, options.passphrase))) {
        const mark = await options.throttle.recordSuccess(attempt);
        return {
          ok: true,
          user: { subject: OWNER_SUBJECT, displayName: "Owner", identity: "passphrase" },
          cookies: [deviceMarkCookie(mark)],
        };
      }
      // The attempt was already counted as a failure when it was reserved.
      if (reservation.retryAfterSeconds > 0) return locked(reservation.retryAfterSeconds);
      const tries = reservation.triesLeft === 1 ? "1 try" : `${reservation.triesLeft} tries`;
      return {
        ok: false,
        status: 401,
        message: `That passphrase is not right. ${tries} left, then sign-in pauses for ${minutes(THROTTLE_LIMITS.windowSeconds)}.`,
      };
    },
  };
}

/** Why no passphrase can be accepted: OWNER_PASSPHRASE was never set. */
export const PASSPHRASE_UNSET: SignInFailure = {
  ok: false,
  status: 503,
  message:
    "This connector has no owner passphrase yet. Its operator must run `wrangler secret put OWNER_PASSPHRASE` and try again.",
};

/** The lock an attempt would meet now, for showing the page with Approve disabled; undefined when free. */
export async function passphraseLock(
  throttle: DurableObjectStub<SignInThrottle>,
  attempt: SignInAttempt,
): Promise<SignInFailure | undefined> {
  const { retryAfterSeconds } = await throttle.status(attempt);
  return retryAfterSeconds > 0 ? locked(retryAfterSeconds) : undefined;
}

function locked(seconds: number): SignInFailure {
  return {
    ok: false,
    status: 429,
    retryAfterSeconds: seconds,
    message: `Too many wrong passphrases. Try again in ${minutes(seconds)}.`,
  };
}

/** Whole minutes, rounded up: "1 minute", "12 minutes". */
function minutes(seconds: number): string {
  const count = Math.max(1, Math.ceil(seconds / 60));
  return count === 1 ? "1 minute" : `${count} minutes`;
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
