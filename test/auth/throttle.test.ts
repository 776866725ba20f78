/**
 * Wrong passphrases and the per-address limit. The throttle is one Durable Object ("global") whose
 * storage is shared by the tests in this file, so every test uses its own CF-Connecting-IP values
 * and the file stays well below the overall limit (that one, and device marks, have their own file:
 * throttle-overall.test.ts; loopback and missing addresses: throttle-loopback.test.ts).
 */
import { describe, expect, it } from "vitest";
import {
  beginAuthorization,
  type ConsentForm,
  codeFrom,
  nextForm,
  openConsent,
  PASSPHRASE,
  registerClient,
  submitConsent,
} from "../helpers/worker";
import { expectLocked, WRONG } from "./throttle-expect";

/** Failed sign-ins one address may make per window (the requirement, not read from src). */
const PER_ADDRESS = 5;

async function consentForm(name = "Test Client"): Promise<ConsentForm> {
  return (await beginAuthorization(await registerClient(name))).form;
}

/** A wrong passphrase: 401, the form again with a fresh handle, and how many tries remain. */
async function expectWrongPassphrase(response: Response, form: ConsentForm, triesLeft: number): Promise<ConsentForm> {
  expect(response.status).toBe(401);
  expect(response.headers.get("Location")).toBeNull();
  expect(response.headers.get("Retry-After")).toBeNull();
  const again = await nextForm(form, response);
  expect(again.html).toContain('role="alert"');
  expect(again.html).toContain("passphrase is not right");
  expect(again.html).toContain(`${triesLeft} ${triesLeft === 1 ? "try" : "tries"} left`);
  expect(again.html).toContain("pauses for 15 minutes");
  expect(again.handle).not.toBe("");
  return again;
}

describe("wrong passphrase", () => {
  it("re-shows the form with an error and the tries left, and reveals nothing else", async () => {
    const form = await consentForm();
    const response = await submitConsent(form, { passphrase: WRONG, ip: "198.51.100.1", scopes: ["session:read"] });
    const cookies = response.headers.getSetCookie();
    const again = await expectWrongPassphrase(response, form, PER_ADDRESS - 1);
    expect(again.html).toMatch(/type="password"[^>]*name="passphrase"/);
    expect(again.html).not.toContain(WRONG);
    expect(again.html).not.toContain(PASSPHRASE);
    // Only the consent binding cookies change (the spent one cleared, a fresh one set): no device mark.
    expect(cookies.every((cookie) => cookie.startsWith("__Host-oauth-consent-"))).toBe(true);
    // The scopes the person ticked stay ticked.
    expect(again.html).toMatch(/value="session:read" checked/);
    expect(again.html).not.toMatch(/value="session:write" checked/);
    // The re-shown page's handle completes the consent.
    await codeFrom(await submitConsent(again, { ip: "198.51.100.1" }));
  });

  it("is refused for an empty or missing passphrase too", async () => {
    let form = await consentForm();
    form = await expectWrongPassphrase(await submitConsent(form, { passphrase: "", ip: "198.51.100.2" }), form, 4);
    form = await expectWrongPassphrase(
      await submitConsent(form, { passphrase: `${PASSPHRASE} `, ip: "198.51.100.2" }),
      form,
      3,
    );
    await codeFrom(await submitConsent(form, { ip: "198.51.100.2" }));
  });

  it("does not spend a try on a form with nothing ticked", async () => {
    let form = await consentForm();
    const none = await submitConsent(form, { passphrase: WRONG, ip: "198.51.100.3", scopes: [] });
    expect(none.status).toBe(400);
    form = await nextForm(form, none);
    expect(form.html).toContain("Tick at least one permission");
    await expectWrongPassphrase(
      await submitConsent(form, { passphrase: WRONG, ip: "198.51.100.3" }),
      form,
      PER_ADDRESS - 1,
    );
  });
});

describe("per-address limit", () => {
  it(`counts down, locks an address after ${PER_ADDRESS} failures (right passphrase included), and says the wait in minutes`, async () => {
    const ip = "203.0.113.10";
    let form = await consentForm("Counted App");
    for (let attempt = 1; attempt < PER_ADDRESS; attempt++) {
      form = await expectWrongPassphrase(
        await submitConsent(form, { passphrase: WRONG, ip }),
        form,
        PER_ADDRESS - attempt,
      );
    }
    // The failure that reaches the limit says how long to wait.
    const last = await submitConsent(form, { passphrase: WRONG, ip });
    form = await expectLocked(last, form, "Counted App");

    const right = await submitConsent(form, { ip });
    form = await expectLocked(right, form, "Counted App");

    // Opening the page again from that address: who is asking, the wait, Approve disabled.
    const reopened = await openConsent(form.url, { "CF-Connecting-IP": ip });
    expect(reopened.status).toBe(200);
    expect(reopened.html).toContain("Counted App");
    expect(reopened.html).toMatch(/Try again in 1[45] minutes/);
    expect(reopened.html).toMatch(/<button[^>]*value="approve"[^>]*disabled/);
    expect(reopened.html).toMatch(/<button[^>]*value="deny"/);
    expect(reopened.html).not.toMatch(/<button[^>]*value="deny"[^>]*disabled/);

    // Another address is not affected, and the page it sees is usable.
    const elsewhere = await openConsent(form.url, { "CF-Connecting-IP": "203.0.113.11" });
    expect(elsewhere.html).not.toMatch(/<button[^>]*value="approve"[^>]*disabled/);
    await codeFrom(await submitConsent(form, { ip: "203.0.113.11" }));
  });

  it("clears an address's failures when it signs in, so earlier mistakes do not count later", async () => {
    const ip = "203.0.113.20";
    let first = await consentForm();
    for (let attempt = 1; attempt < PER_ADDRESS; attempt++) {
      first = await expectWrongPassphrase(
        await submitConsent(first, { passphrase: WRONG, ip }),
        first,
        PER_ADDRESS - attempt,
      );
    }
    await codeFrom(await submitConsent(first, { ip }));

    // Had the failures survived, the next one would reach the limit.
    let second = await consentForm();
    for (let attempt = 1; attempt < PER_ADDRESS; attempt++) {
      second = await expectWrongPassphrase(
        await submitConsent(second, { passphrase: WRONG, ip }),
        second,
        PER_ADDRESS - attempt,
      );
    }
    await codeFrom(await submitConsent(second, { ip }));
  });

  it("keys addresses by CF-Connecting-IP", async () => {
    let form = await consentForm();
    for (let attempt = 1; attempt <= PER_ADDRESS; attempt++) {
      form = await expectWrongPassphrase(
        await submitConsent(form, { passphrase: WRONG, ip: `203.0.113.${100 + attempt}` }),
        form,
        PER_ADDRESS - 1,
      );
    }
    await codeFrom(await submitConsent(form, { ip: "203.0.113.100" }));
  });

  it("counts an IPv6 /64 as one address", async () => {
    let form = await consentForm("Six App");
    for (let attempt = 1; attempt < PER_ADDRESS; attempt++) {
      form = await expectWrongPassphrase(
        await submitConsent(form, { passphrase: WRONG, ip: `2001:db8:1:2::${attempt}` }),
        form,
        PER_ADDRESS - attempt,
      );
    }
    const spelledOut = await submitConsent(form, { passphrase: WRONG, ip: "2001:0db8:0001:0002:ffff:0:0:9" });
    form = await expectLocked(spelledOut, form, "Six App");
    form = await expectLocked(await submitConsent(form, { ip: "2001:db8:1:2:abcd::1" }), form, "Six App");
    // The neighbouring /64 is someone else.
    await codeFrom(await submitConsent(form, { ip: "2001:db8:1:3::1" }));
  });
});
