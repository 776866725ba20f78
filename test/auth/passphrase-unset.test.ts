/**
 * A deployment whose OWNER_PASSPHRASE was never set: the consent page says so when it opens (and
 * answers 503 when the passphrase is the only way to sign in), so neither the person nor a check
 * opening the page has to type a passphrase to find out.
 */
import { describe, expect, it } from "vitest";
import { Browser } from "../helpers/github-browser";
import { authorizeUrl, pkcePair, registerClient } from "../helpers/worker";

async function consentPage(vars: Record<string, string>) {
  const browser = new Browser(vars);
  const client = await registerClient();
  const { challenge } = await pkcePair();
  return { browser, page: await browser.openConsent(authorizeUrl(client, challenge, { scope: "session:read" })) };
}

describe("the consent page without OWNER_PASSPHRASE", () => {
  it("answers 503 naming the secret, with the passphrase and Approve disabled, when it is the only sign-in", async () => {
    const { browser, page } = await consentPage({ OWNER_PASSPHRASE: "" });
    expect(page.response.status).toBe(503);
    expect(page.html).toContain("wrangler secret put OWNER_PASSPHRASE");
    expect(page.html).toMatch(/<input id="passphrase"[^>]*disabled/);
    expect(page.html).toMatch(/<button[^>]*value="approve"[^>]*disabled/);
    // Submitting anyway changes nothing: still 503, and no attempt is counted.
    const submitted = await browser.fetch(page.response.url || "/authorize", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        handle: page.handle,
        decision: "approve",
        scope: "session:read",
        passphrase: "anything",
      }),
    });
    expect(submitted.status).toBe(503);
    expect(await submitted.text()).toContain("no owner passphrase yet");
  });

  it("still offers the other sign-in methods (200), saying the passphrase cannot be used", async () => {
    const { page } = await consentPage({
      OWNER_PASSPHRASE: "",
      SIGN_IN_METHODS: "passphrase,github",
      GITHUB_CLIENT_ID: "Iv1.test",
      GITHUB_CLIENT_SECRET: "test-secret",
    });
    expect(page.response.status).toBe(200);
    expect(page.html).toContain("wrangler secret put OWNER_PASSPHRASE");
    expect(page.html).toMatch(/<input id="passphrase"[^>]*disabled/);
    expect(page.html).toMatch(/value="github"/);
  });

  it("is the ordinary page once the passphrase is set", async () => {
    const { page } = await consentPage({});
    expect(page.response.status).toBe(200);
    expect(page.html).not.toContain("no owner passphrase");
  });
});
