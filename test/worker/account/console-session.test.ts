/**
 * The console's own session: cookie attributes per scheme, the sign-in form's token, CSRF on every
 * state-changing form, the shared sign-in throttle, expiry and sign-out.
 */
import { describe, expect, it } from "vitest";
import { CONSOLE_SESSION_SECONDS } from "../../../src/auth/console-session";
import { consoleFetch, consoleSignIn, openConsoleSignIn, postConsoleForm, postSignIn } from "../../helpers/console";
import { applyCookies, beginAuthorization, ORIGIN, registerClient, submitConsent } from "../../helpers/worker";

const HTTPS_ORIGIN = "https://outpost.example";

function attributesOf(setCookie: string): Map<string, string> {
  const [, ...parts] = setCookie.split(";");
  return new Map(
    parts.map((part) => part.trim()).map((part) => [part.split("=")[0]?.toLowerCase() ?? "", part.split("=")[1] ?? ""]),
  );
}

describe("console sign-in and its cookie", () => {
  it("sends a signed-out browser to sign in, and back to the page it asked for", async () => {
    const response = await consoleFetch({ origin: ORIGIN, cookie: "" }, "/account/activity");
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/account/sign-in?next=%2Faccount%2Factivity");
  });

  it("deployed (https): a __Host- cookie, Secure, HttpOnly, SameSite, Path=/, 30 minutes", async () => {
    const page = await openConsoleSignIn(HTTPS_ORIGIN);
    expect(page.response.status).toBe(200);
    expect(page.response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const response = await postSignIn(HTTPS_ORIGIN, page, { ip: "198.51.100.10" });
    expect(response.status).toBe(303);
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith("__Host-outpost-console="));
    expect(session).toBeDefined();
    const attributes = attributesOf(session ?? "");
    expect(attributes.has("secure")).toBe(true);
    expect(attributes.has("httponly")).toBe(true);
    expect(attributes.get("samesite")).toBe("Lax");
    expect(attributes.get("path")).toBe("/");
    expect(attributes.has("domain")).toBe(false);
    expect(attributes.get("max-age")).toBe(String(CONSOLE_SESSION_SECONDS));
    expect(CONSOLE_SESSION_SECONDS).toBe(1800);
  });

  it("plain-http loopback: the unprefixed name without Secure, and only that name counts there", async () => {
    const page = await openConsoleSignIn(ORIGIN);
    const response = await postSignIn(ORIGIN, page, { ip: "198.51.100.11" });
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith("outpost-console="));
    expect(session).toBeDefined();
    expect(attributesOf(session ?? "").has("secure")).toBe(false);
    const value = (session ?? "").split(";")[0]?.split("=").slice(1).join("=") ?? "";
    // The same valid value under the https name is ignored on http, and the reverse.
    expect((await consoleFetch({ origin: ORIGIN, cookie: `__Host-outpost-console=${value}` }, "/account")).status).toBe(
      303,
    );
    expect((await consoleFetch({ origin: HTTPS_ORIGIN, cookie: `outpost-console=${value}` }, "/account")).status).toBe(
      303,
    );
    expect((await consoleFetch({ origin: ORIGIN, cookie: `outpost-console=${value}` }, "/account")).status).toBe(200);
  });

  it("refuses a sign-in without this browser's form token (login CSRF)", async () => {
    const page = await openConsoleSignIn(ORIGIN);
    const forged = await postSignIn(ORIGIN, { form: page.form, cookie: "" }, { ip: "198.51.100.12" });
    expect(forged.status).toBe(403);
    expect(forged.headers.getSetCookie().some((cookie) => cookie.startsWith("outpost-console="))).toBe(false);
    const wrongToken = await postSignIn(
      ORIGIN,
      { form: "not-the-token", cookie: page.cookie },
      { ip: "198.51.100.12" },
    );
    expect(wrongToken.status).toBe(403);
  });

  it("rejects a tampered session cookie", async () => {
    const browser = await consoleSignIn(ORIGIN, "198.51.100.13");
    const tampered = browser.cookie.replace(
      /outpost-console=([^.;]+)\./,
      (_, payload: string) => `outpost-console=${payload.slice(0, -2)}${payload.endsWith("AA") ? "BB" : "AA"}.`,
    );
    expect(tampered).not.toBe(browser.cookie);
    expect((await consoleFetch({ origin: ORIGIN, cookie: tampered }, "/account")).status).toBe(303);
  });

  it("never sends a redirect after sign-in off the console", async () => {
    const page = await openConsoleSignIn(ORIGIN);
    const response = await postSignIn(ORIGIN, page, { ip: "198.51.100.14", next: "//evil.example/account" });
    expect(response.headers.get("Location")).toBe("/account");
  });
});

describe("CSRF on console forms", () => {
  it("refuses a form without the session's token, with another session's, or from another origin", async () => {
    const browser = await consoleSignIn(ORIGIN, "198.51.100.20");
    const other = await consoleSignIn(ORIGIN, "198.51.100.21");
    expect(other.csrf).not.toBe(browser.csrf);
    for (const csrf of ["", "forged", other.csrf]) {
      const response = await postConsoleForm({ ...browser, csrf }, "/account/activity/settings", {
        record_details: "on",
      });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("nothing was changed");
    }
    const crossOrigin = await postConsoleForm(
      browser,
      "/account/activity/settings",
      { record_details: "on" },
      { Origin: "https://evil.example" },
    );
    expect(crossOrigin.status).toBe(403);
    // Nothing was changed by any of them.
    const activity = await (await consoleFetch(browser, "/account/activity")).text();
    expect(activity).not.toMatch(/name="record_details" value="on" checked/);
    // The right token, from this origin, works; so does Chromium's "Origin: null" under no-referrer.
    const ok = await postConsoleForm(
      browser,
      "/account/activity/settings",
      { record_details: "on" },
      { Origin: ORIGIN },
    );
    expect(ok.status).toBe(303);
    expect((await postConsoleForm(browser, "/account/activity/settings", {}, { Origin: "null" })).status).toBe(303);
    expect(
      (await postConsoleForm({ ...browser, csrf: "forged" }, "/account/activity/settings", {}, { Origin: "null" }))
        .status,
    ).toBe(403);
  });

  it("a signed-out POST changes nothing (401)", async () => {
    const response = await postConsoleForm({ origin: ORIGIN, cookie: "", csrf: "x" }, "/account/apps/revoke", {
      grant: "abc",
    });
    expect(response.status).toBe(401);
  });

  it("sign-out ends the session", async () => {
    const browser = await consoleSignIn(ORIGIN, "198.51.100.22");
    const response = await postConsoleForm(browser, "/account/sign-out", {});
    expect(response.status).toBe(303);
    const cookie = applyCookies(browser.cookie, response.headers.getSetCookie());
    expect(cookie).not.toContain("outpost-console=");
    expect((await consoleFetch({ origin: ORIGIN, cookie }, "/account")).status).toBe(303);
  });
});

describe("the console shares the consent page's sign-in throttle", () => {
  it("five wrong passphrases lock the address, at the console and on the consent page", async () => {
    const ip = "198.51.100.30";
    for (let attempt = 1; attempt <= 5; attempt++) {
      const page = await openConsoleSignIn(ORIGIN, { "CF-Connecting-IP": ip });
      const response = await postSignIn(ORIGIN, page, { ip, passphrase: "wrong" });
      expect(response.status, `attempt ${attempt}`).toBe(attempt < 5 ? 401 : 429);
    }
    const page = await openConsoleSignIn(ORIGIN, { "CF-Connecting-IP": ip });
    expect(page.response.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(page.html).toContain("Too many wrong passphrases");
    // The right passphrase is refused too while locked.
    expect((await postSignIn(ORIGIN, page, { ip })).status).toBe(429);
    // The consent page counts the same address in the same throttle.
    const { form } = await beginAuthorization(await registerClient("Throttle neighbour"));
    expect((await submitConsent(form, { ip })).status).toBe(429);
  });
});
