/** The status page: behind the console's sign-in, presence of secrets and bindings, never a value. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSIONS } from "../../../src/mcp/protocol-versions";
import { SERVER_INFO } from "../../../src/mcp/server-info";
import { consoleFetch, consoleSignIn } from "../../helpers/console";
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
    expect(html).toMatch(/<code>GITHUB_CLIENT_SECRET<\/code><\/td><td class="outcome-error">not set/);
    expect(html).toMatch(/<code>FILES<\/code><\/td><td class="outcome-ok">set/);
    for (const secret of [env.OWNER_PASSPHRASE, env.NOTIFY_ENCRYPTION_KEY]) expect(html).not.toContain(secret);
  });
});
