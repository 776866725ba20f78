/**
 * The overall limit: a slow spray of wrong passphrases from many addresses locks everyone, so
 * the passphrase cannot be brute-forced by rotating IPs. Its own file: it needs the throttle's
 * storage to itself and leaves it locked.
 */
import { describe, expect, it } from "vitest";
import { THROTTLE_LIMITS } from "../../src/auth/throttle";
import { beginAuthorization, registerClient, submitConsent } from "../helpers/worker";

const WRONG = "wrong horse battery staple";
/** Failed sign-ins allowed across everyone per window (the requirement, not read from src). */
const OVERALL = 50;

describe("overall limit", () => {
  it(`locks everyone after ${OVERALL} failures from distinct addresses`, async () => {
    const { form } = await beginAuthorization(await registerClient());
    const ip = (n: number) => `100.64.${Math.floor(n / 256)}.${n % 256}`;

    for (let n = 1; n < OVERALL; n++) {
      const response = await submitConsent(form, { passphrase: WRONG, ip: ip(n) });
      expect(response.status, `failure ${n}`).toBe(401);
      await response.text();
    }
    const last = await submitConsent(form, { passphrase: WRONG, ip: ip(OVERALL) });
    expect([401, 429]).toContain(last.status);
    await last.text();

    // A fresh address with the right passphrase is refused too, and told how long to wait.
    for (const fresh of [ip(1000), ip(1001)]) {
      const locked = await submitConsent(form, { ip: fresh });
      expect(locked.status).toBe(429);
      expect(locked.headers.get("Location")).toBeNull();
      const retryAfter = Number(locked.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(THROTTLE_LIMITS.windowSeconds);
      expect(await locked.text()).toContain(`Try again in ${retryAfter} s`);
    }
  });
});
