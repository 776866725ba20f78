/**
 * Wrong passphrases and the per-client limit. The throttle is one Durable Object ("global") whose
 * storage is shared by the tests in this file, so every test uses its own CF-Connecting-IP values
 * and stays well below the overall limit (that one has its own file: throttle-overall.test.ts).
 */
import { describe, expect, it } from "vitest";
import { THROTTLE_LIMITS } from "../../src/auth/throttle";
import { beginAuthorization, type ConsentForm, codeFrom, PASSPHRASE, registerClient, submitConsent } from "../helpers/worker";

const WRONG = "wrong horse battery staple";
/** Failed sign-ins one client may make per window (the requirement, not read from src). */
const PER_CLIENT = 5;

async function consentForm(): Promise<ConsentForm> {
  return (await beginAuthorization(await registerClient())).form;
}

async function expectWrongPassphrase(response: Response, form: ConsentForm): Promise<string> {
  expect(response.status).toBe(401);
  expect(response.headers.get("Location")).toBeNull();
  expect(response.headers.get("Retry-After")).toBeNull();
  const html = await response.text();
  expect(html).toContain('role="alert"');
  expect(html).toContain("passphrase is not right");
  expect(html).toContain(`name="handle" value="${form.handle}"`);
  return html;
}

async function expectLocked(response: Response): Promise<number> {
  expect(response.status).toBe(429);
  expect(response.headers.get("Location")).toBeNull();
  const retryAfter = Number(response.headers.get("Retry-After"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(THROTTLE_LIMITS.windowSeconds);
  const html = await response.text();
  expect(html).toContain(`Try again in ${retryAfter} s`);
  return retryAfter;
}

describe("wrong passphrase", () => {
  it("re-shows the form with an error and reveals nothing else", async () => {
    const form = await consentForm();
    const response = await submitConsent(form, { passphrase: WRONG, ip: "198.51.100.1", scopes: ["session:read"] });
    const html = await expectWrongPassphrase(response, form);
    expect(html).toMatch(/type="password"[^>]*name="passphrase"/);
    expect(html).not.toContain(WRONG);
    expect(html).not.toContain(PASSPHRASE);
    expect(html).not.toMatch(/attempts? (left|remaining)/i);
    expect(response.headers.getSetCookie()).toEqual([]);
    // The scopes the person ticked stay ticked.
    expect(html).toMatch(/value="session:read" checked/);
    expect(html).not.toMatch(/value="session:write" checked/);
    // The handle was not spent: the right passphrase still completes this consent.
    await codeFrom(await submitConsent(form, { ip: "198.51.100.1" }));
  });

  it("is refused for an empty or missing passphrase too", async () => {
    const form = await consentForm();
    await expectWrongPassphrase(await submitConsent(form, { passphrase: "", ip: "198.51.100.2" }), form);
    await expectWrongPassphrase(await submitConsent(form, { passphrase: `${PASSPHRASE} `, ip: "198.51.100.2" }), form);
    await codeFrom(await submitConsent(form, { ip: "198.51.100.2" }));
  });
});

describe("per-client limit", () => {
  it(`locks a client after ${PER_CLIENT} failures, even for the right passphrase, with Retry-After`, async () => {
    const ip = "203.0.113.10";
    const form = await consentForm();
    for (let attempt = 1; attempt < PER_CLIENT; attempt++) {
      await expectWrongPassphrase(await submitConsent(form, { passphrase: WRONG, ip }), form);
    }
    // The failure that reaches the limit may already say how long to wait.
    const last = await submitConsent(form, { passphrase: WRONG, ip });
    expect([401, 429]).toContain(last.status);
    await last.text();

    await expectLocked(await submitConsent(form, { ip }));
    await expectLocked(await submitConsent(form, { passphrase: WRONG, ip }));

    // Another client is not affected, and the handle was never spent by the locked attempts.
    await codeFrom(await submitConsent(form, { ip: "203.0.113.11" }));
  });

  it("clears a client's failures when it signs in, so earlier mistakes do not count later", async () => {
    const ip = "203.0.113.20";
    const first = await consentForm();
    for (let attempt = 1; attempt < PER_CLIENT; attempt++) {
      await expectWrongPassphrase(await submitConsent(first, { passphrase: WRONG, ip }), first);
    }
    await codeFrom(await submitConsent(first, { ip }));

    // Had the failures survived, the next one would reach the limit.
    const second = await consentForm();
    for (let attempt = 1; attempt < PER_CLIENT; attempt++) {
      await expectWrongPassphrase(await submitConsent(second, { passphrase: WRONG, ip }), second);
    }
    await codeFrom(await submitConsent(second, { ip }));
  });

  it("keys clients by CF-Connecting-IP", async () => {
    const form = await consentForm();
    for (let attempt = 1; attempt <= PER_CLIENT; attempt++) {
      const response = await submitConsent(form, { passphrase: WRONG, ip: `203.0.113.${100 + attempt}` });
      expect(response.status).toBe(401);
      await response.text();
    }
    await codeFrom(await submitConsent(form, { ip: "203.0.113.100" }));
  });
});
