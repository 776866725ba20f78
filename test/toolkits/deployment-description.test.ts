import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../src/config";
import { toolkits } from "../../src/toolkits";
import { buildSection, CONFIG_SECTIONS, toolkitLimits } from "../../src/toolkits/deployment-description";

/** Every secret the deployment knows of, set to a marker that must never come out. */
const MARKERS = {
  OWNER_PASSPHRASE: "marker-owner-passphrase-7f3a",
  NOTIFY_ENCRYPTION_KEY: "bWFya2VyLW5vdGlmeS1rZXktMzJieXRlcy0xMjM0NTY=",
  GITHUB_CLIENT_SECRET: "marker-github-client-secret-91c2",
  OIDC_CLIENT_SECRET: "marker-oidc-client-secret-5d8e",
  CONSENT_COOKIE_SECRET: "marker-consent-cookie-secret-0123456789abcdef",
};
/** Personal data in settings, which the config resource leaves out as well. */
const PERSONAL = {
  ALLOWED_EMAILS: "ada@example.org",
  ALLOWED_GITHUB_LOGINS: "ada-lovelace-gh",
  ALLOWED_EMAIL_DOMAINS: "private-domain.example",
};

function fakeEnv(vars: Record<string, string> = {}): Env {
  return {
    ...env,
    ...MARKERS,
    ...PERSONAL,
    SIGN_IN_METHODS: "passphrase, github,oidc,github",
    GITHUB_CLIENT_ID: "Iv1.abc",
    OIDC_ISSUER: "https://id.example",
    OIDC_CLIENT_ID: "outpost",
    ...vars,
  } as Env;
}

describe("config sections", () => {
  it("never contain a secret or an allowlisted person, in any section, whatever is configured", async () => {
    const configured = fakeEnv();
    for (const section of CONFIG_SECTIONS) {
      const text = JSON.stringify(
        await buildSection(section, { env: configured, config: readConfig(configured), toolkits, pageSize: 20 }),
      );
      for (const [name, marker] of Object.entries({ ...MARKERS, ...PERSONAL }))
        expect(text, `${section} leaks ${name}`).not.toContain(marker);
      expect(text).not.toMatch(/\*{3}|\[redacted\]/i);
    }
  });

  it("report the sign-in methods as the sign-in code reads them", async () => {
    const auth = await buildSection("auth", { env: fakeEnv(), config: readConfig(fakeEnv()), toolkits, pageSize: 20 });
    expect(auth.signInMethods).toEqual(["passphrase", "github", "oidc"]);
    const fallback = fakeEnv({ SIGN_IN_METHODS: "carrier-pigeon" });
    expect(
      (await buildSection("auth", { env: fallback, config: readConfig(fallback), toolkits, pageSize: 20 }))
        .signInMethods,
    ).toEqual(["passphrase"]);
    const noDcr = fakeEnv({ DCR_ENABLED: "false" });
    expect(
      (await buildSection("auth", { env: noDcr, config: readConfig(noDcr), toolkits, pageSize: 20 }))
        .dynamicClientRegistration,
    ).toBe(false);
    const claudeOnly = fakeEnv({ ALLOWED_CLIENTS: "claude" });
    expect(
      (await buildSection("auth", { env: claudeOnly, config: readConfig(claudeOnly), toolkits, pageSize: 20 }))
        .allowedClients,
    ).toBe("claude");
  });

  it("report a pinned public URL", async () => {
    const pinned = fakeEnv({ PUBLIC_URL: "https://Connector.example.com/mcp" });
    const server = await buildSection("server", { env: pinned, config: readConfig(pinned), toolkits, pageSize: 20 });
    expect(server.publicUrl).toBe("https://connector.example.com");
  });
});

describe("toolkitLimits", () => {
  it("uses the wrangler.toml defaults when a setting is unset or unusable", () => {
    const defaults = {
      workspaceFileMaxBytes: 10_485_760,
      workspaceQuotaBytes: 1_073_741_824,
      weatherTimeoutMs: 5_000,
      notifyRatePerHour: 30,
    };
    expect(toolkitLimits({} as Env)).toEqual(defaults);
    expect(
      toolkitLimits({
        WORKSPACE_FILE_MAX_BYTES: "",
        WORKSPACE_QUOTA_BYTES: "-1",
        WEATHER_TIMEOUT_MS: "soon",
        NOTIFY_RATE_PER_HOUR: "0",
      } as unknown as Env),
    ).toEqual(defaults);
  });

  it("reports each setting as its toolkit reads it", () => {
    const env = {
      WORKSPACE_FILE_MAX_BYTES: "1000000",
      WORKSPACE_QUOTA_BYTES: "2048",
      WEATHER_TIMEOUT_MS: "2500",
      NOTIFY_RATE_PER_HOUR: "5",
    } as unknown as Env;
    // Written out, not recomputed with the toolkits' own readers: this is what the resource shows.
    expect(toolkitLimits(env)).toEqual({
      workspaceFileMaxBytes: 1_000_000,
      workspaceQuotaBytes: 2048,
      weatherTimeoutMs: 2500,
      notifyRatePerHour: 5,
    });
  });
});
