/**
 * When the address says nothing (missing, or loopback as under `wrangler dev`, where every request
 * arrives from 127.0.0.1), failures are counted per OAuth client: one shared bucket would let any
 * caller lock out everyone. Its own file: it adds to the throttle's overall count.
 */
import { describe, expect, it } from "vitest";
import { beginAuthorization, codeFrom, nextForm, registerClient, submitConsent } from "../helpers/worker";
import { expectLocked, WRONG } from "./throttle-expect";

/** Failed sign-ins one bucket may make per window (the requirement, not read from src). */
const PER_BUCKET = 5;

describe.each([
  ["127.0.0.1", "127.0.0.1"],
  ["::1", "::1"],
  ["no CF-Connecting-IP", undefined],
])("from %s", (_label, ip) => {
  it("one client's wrong passphrases lock that client only", async () => {
    const noisy = await registerClient("Noisy Client");
    let form = (await beginAuthorization(noisy)).form;
    for (let attempt = 1; attempt < PER_BUCKET; attempt++) {
      const response = await submitConsent(form, { passphrase: WRONG, ip });
      expect(response.status).toBe(401);
      form = await nextForm(form, response);
    }
    form = await expectLocked(await submitConsent(form, { passphrase: WRONG, ip }), form, "Noisy Client");
    await expectLocked(await submitConsent(form, { ip }), form, "Noisy Client");

    // Another client on the same address signs in, and its page is not locked.
    const other = (await beginAuthorization(await registerClient("Quiet Client"))).form;
    expect(other.html).not.toMatch(/<button[^>]*value="approve"[^>]*disabled/);
    await codeFrom(await submitConsent(other, { ip }));
  });
});
