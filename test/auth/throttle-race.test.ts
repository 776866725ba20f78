/**
 * The per-address limit under concurrency: an address that fires its guesses at once must not get more
 * than the limit evaluated. Its own file, because the burst adds to the throttle's overall count.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { beginAuthorization, nextForm, registerClient, submitConsent } from "../helpers/worker";

/** Failed sign-ins one client may make per window (the requirement, not read from src). */
const PER_CLIENT = 5;
const BURST = 20;

/** Rows in the throttle's failure log: one per passphrase that was actually checked and wrong. */
async function failuresRecorded(): Promise<number> {
  const stub = env.SIGN_IN_THROTTLE.get(env.SIGN_IN_THROTTLE.idFromName("global"));
  return runInDurableObject(stub, (_instance, state) =>
    Number(state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM failed_sign_ins").one().n),
  );
}

describe("per-address limit under concurrency", () => {
  it("sequential guesses stop being checked at the limit (control)", async () => {
    let { form } = await beginAuthorization(await registerClient());
    const before = await failuresRecorded();
    for (let n = 0; n < BURST; n++) {
      form = await nextForm(form, await submitConsent(form, { passphrase: "wrong", ip: "192.0.2.10" }));
    }
    expect((await failuresRecorded()) - before).toBe(PER_CLIENT);
  });

  // Regression: checking the lock and recording the failure were once two calls with the comparison
  // between them, so a burst of 20 got ~18 passphrases checked. Now an attempt is reserved
  // atomically before the comparison (SignInThrottle.reserveAttempt).
  it(`a burst of ${BURST} concurrent guesses from one address gets at most ${PER_CLIENT} checked`, async () => {
    // One consent page per guess (each POST spends its handle), all fired at once.
    const client = await registerClient();
    const forms = await Promise.all(Array.from({ length: BURST }, async () => (await beginAuthorization(client)).form));
    const before = await failuresRecorded();
    const responses = await Promise.all(
      forms.map((form) => submitConsent(form, { passphrase: "wrong", ip: "192.0.2.20" })),
    );
    await Promise.all(responses.map((response) => response.text()));
    expect((await failuresRecorded()) - before).toBeLessThanOrEqual(PER_CLIENT);
  });
});
