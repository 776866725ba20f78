/**
 * The overall limit and device marks. A slow spray of wrong passphrases from many addresses locks
 * every browser without a device mark, so the passphrase cannot be brute-forced by rotating IPs;
 * a browser that proved the passphrase before carries a signed device mark and keeps working, so
 * strangers cannot lock the owner out. Its own file: the tests share the throttle's storage in
 * order, and leave it locked.
 */
import { describe, expect, it } from "vitest";
import {
  applyCookies,
  beginAuthorization,
  type ConsentForm,
  codeFrom,
  nextForm,
  openConsent,
  registerClient,
  submitConsent,
} from "../helpers/worker";
import { expectLocked, WRONG } from "./throttle-expect";

/** Failed sign-ins allowed across every unmarked browser per window (the requirement, not read from src). */
const OVERALL = 50;
/** Failed sign-ins one marked device may make per window. */
const PER_DEVICE = 5;
const DEVICE_COOKIE = "__Host-outpost-device";

const ip = (n: number) => `100.64.${Math.floor(n / 256)}.${n % 256}`;
/** The owner's browser: its Cookie header once it holds a device mark. */
let ownerMark = "";

async function consentForm(name: string, cookie = ""): Promise<ConsentForm> {
  const { form } = await beginAuthorization(await registerClient(name));
  return { ...form, cookie: [form.cookie, cookie].filter(Boolean).join("; ") };
}

function markOf(response: Response): string | undefined {
  return response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${DEVICE_COOKIE}=`));
}

describe("device mark", () => {
  it("is given to a browser that proves the passphrase: signed, HttpOnly, __Host-, long-lived", async () => {
    const approved = await submitConsent(await consentForm("Owner App"), { ip: ip(9000) });
    const mark = markOf(approved);
    await codeFrom(approved);
    expect(mark).toMatch(new RegExp(`^${DEVICE_COOKIE}=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+;`));
    expect(mark).toMatch(/;\s*Path=\/(;|$)/);
    expect(mark).toMatch(/;\s*Secure(;|$)/);
    expect(mark).toMatch(/;\s*HttpOnly(;|$)/);
    expect(mark).toMatch(/;\s*SameSite=Lax(;|$)/);
    expect(mark).not.toMatch(/Domain=/i);
    expect(Number(/Max-Age=(\d+)/.exec(mark ?? "")?.[1])).toBeGreaterThanOrEqual(30 * 24 * 3600);
    ownerMark = applyCookies("", [mark ?? ""]);
  });

  it(`is not given for a wrong passphrase`, async () => {
    const wrong = await submitConsent(await consentForm("Owner App"), { passphrase: WRONG, ip: ip(9001) });
    expect(markOf(wrong)).toBeUndefined();
    await wrong.text();
  });
});

describe("overall limit", () => {
  it(`locks every browser without a device mark after ${OVERALL} failures from distinct addresses`, async () => {
    let form = await consentForm("Sprayed App");
    // One failure above was already counted (the wrong passphrase from ip(9001)).
    for (let n = 2; n < OVERALL; n++) {
      const response = await submitConsent(form, { passphrase: WRONG, ip: ip(n) });
      expect(response.status, `failure ${n}`).toBe(401);
      form = await nextForm(form, response);
    }
    const last = await submitConsent(form, { passphrase: WRONG, ip: ip(OVERALL) });
    form = await expectLocked(last, form, "Sprayed App");

    // A fresh address with the right passphrase is refused too, and told how long to wait.
    for (const fresh of [ip(1000), ip(1001)]) {
      form = await expectLocked(await submitConsent(form, { ip: fresh }), form, "Sprayed App");
    }
    const page = await openConsent(form.url, { "CF-Connecting-IP": ip(1002) });
    expect(page.html).toMatch(/<button[^>]*value="approve"[^>]*disabled/);
  });

  it("does not lock out the owner's marked browser, from any address", async () => {
    const form = await consentForm("Owner App", ownerMark);
    const page = await openConsent(form.url, { "CF-Connecting-IP": ip(2000), Cookie: ownerMark });
    expect(page.html).not.toMatch(/<button[^>]*value="approve"[^>]*disabled/);
    expect(page.html).not.toContain("Try again in");

    const approved = await submitConsent(form, { ip: ip(2001) });
    expect(markOf(approved)).toBeDefined();
    await codeFrom(approved);
  });

  it("treats a forged or altered mark as no mark", async () => {
    const [name, value = ""] = ownerMark.split("=");
    const [payload = "", signature = ""] = value.split(".");
    const altered = `${name}=${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    const forged = `${name}=${btoa(JSON.stringify({ d: "attacker", e: 4102444800 })).replace(/=+$/, "")}.${signature}`;
    for (const cookie of [altered, forged]) {
      const form = await consentForm("Forging App", cookie);
      await expectLocked(await submitConsent(form, { ip: ip(3000) }), form, "Forging App");
    }
  });

  it(`still limits a marked browser: ${PER_DEVICE} wrong passphrases lock that device`, async () => {
    let form = await consentForm("Owner App", ownerMark);
    for (let attempt = 1; attempt < PER_DEVICE; attempt++) {
      const response = await submitConsent(form, { passphrase: WRONG, ip: ip(4000 + attempt) });
      expect(response.status).toBe(401);
      form = await nextForm(form, response);
      const left = PER_DEVICE - attempt;
      expect(form.html).toContain(`${left} ${left === 1 ? "try" : "tries"} left`);
    }
    form = await expectLocked(await submitConsent(form, { passphrase: WRONG, ip: ip(4010) }), form, "Owner App");
    await expectLocked(await submitConsent(form, { ip: ip(4011) }), form, "Owner App");
  });
});
