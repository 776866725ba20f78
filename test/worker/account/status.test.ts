/** The status page: behind the console's sign-in, presence of secrets and bindings, never a value. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSIONS } from "../../../src/mcp/protocol-versions";
import { SERVER_INFO } from "../../../src/mcp/server-info";
import { consoleFetch, consoleSignIn } from "../../helpers/console";
import { Browser } from "../../helpers/github-browser";
import { ORIGIN } from "../../helpers/worker";

describe("/account/status", () => {
  it("needs the console's sign-in", async () => {
    const response = await consoleFetch({ origin: ORIGIN, cookie: "" }, "/account/status");
    expect(response.status).toBe(303);
  });

  it("shows version, sign-in methods, protocol versions, and which secrets are set without their values", async () => {
    const browser = await consoleSignIn(undefined, "198.51.100.60");
    const response = await consoleFetch(browser, "/account/status");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain(`<code>${SERVER_INFO.version}</code>`);
    expect(html).toContain("<code>passphrase</code> ready");
    for (const version of [...PROTOCOL_VERSIONS.legacy, ...PROTOCOL_VERSIONS.modern]) expect(html).toContain(version);
    expect(html).toMatch(/<code>OWNER_PASSPHRASE<\/code><\/td><td class="outcome-ok">set/);
    expect(html).toMatch(/<code>GITHUB_CLIENT_SECRET<\/code><\/td><td class="muted">not set/);
    expect(html).toMatch(/<code>FILES<\/code><\/td><td class="outcome-ok">set/);
    for (const secret of [env.OWNER_PASSPHRASE, env.NOTIFY_ENCRYPTION_KEY]) expect(html).not.toContain(secret);
  });

  it("names what an enabled sign-in method still lacks", async () => {
    const browser = new Browser({ SIGN_IN_METHODS: "passphrase,github" });
    const page = await (await browser.fetch("/account/sign-in")).text();
    expect(page).toContain("Sign in with GitHub");
    const form = /name="form" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const signedIn = await browser.fetch("/account/sign-in", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": "198.51.100.61" },
      body: new URLSearchParams({ form, method: "passphrase", passphrase: env.OWNER_PASSPHRASE ?? "" }),
    });
    expect(signedIn.status).toBe(303);
    const html = await (await browser.fetch("/account/status")).text();
    expect(html).toContain(
      '<code>github</code><span class="outcome-error"> not set up: needs GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET</span>',
    );
  });
});
