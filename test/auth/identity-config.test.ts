import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { decideAdmission } from "../../src/auth/allowlist";
import { readIdentityConfig } from "../../src/auth/identity-config";
import { issuerHash } from "../../src/auth/oidc";
import { encodeUserId } from "../../src/mcp/props";

const config = (vars: Record<string, string>) => readIdentityConfig({ ...env, ...vars } as Env);

describe("identity configuration", () => {
  it("defaults to the passphrase and keeps only known methods, in order, once each", () => {
    expect(config({ SIGN_IN_METHODS: "" }).methods).toEqual(["passphrase"]);
    expect(config({ SIGN_IN_METHODS: " OIDC, github ,saml,oidc" }).methods).toEqual(["oidc", "github"]);
  });

  it("names what an enabled method lacks instead of enabling it half-configured", () => {
    const github = config({ SIGN_IN_METHODS: "github", GITHUB_CLIENT_ID: "id", GITHUB_CLIENT_SECRET: "" });
    expect(github.github).toBeUndefined();
    expect(github.missing.github).toEqual(["GITHUB_CLIENT_SECRET"]);
    const oidc = config({ SIGN_IN_METHODS: "oidc", OIDC_ISSUER: "not a url", OIDC_CLIENT_ID: "x" });
    expect(oidc.missing.oidc).toEqual(["OIDC_ISSUER"]);
  });

  it("accepts the cookie secret only from 32 characters", () => {
    expect(config({ CONSENT_COOKIE_SECRET: "x".repeat(31) }).consentSecret).toBeUndefined();
    expect(config({ CONSENT_COOKIE_SECRET: "x".repeat(32) }).consentSecret).toBe("x".repeat(32));
  });
});

describe("allowlists", () => {
  const allow = (vars: Record<string, string>) => config(vars).allow;

  it("matches emails and domains case-insensitively, exact domains only", async () => {
    const list = allow({ ALLOWED_EMAILS: "Ann@Example.org", ALLOWED_EMAIL_DOMAINS: "@corp.test" });
    expect((await decideAdmission(list, { method: "oidc", verifiedEmails: ["ann@example.ORG"] })).admitted).toBe(true);
    expect((await decideAdmission(list, { method: "oidc", verifiedEmails: ["x@corp.test"] })).admitted).toBe(true);
    expect((await decideAdmission(list, { method: "oidc", verifiedEmails: ["x@sub.corp.test"] })).admitted).toBe(false);
    expect((await decideAdmission(list, { method: "oidc", verifiedEmails: ["x@evilcorp.test"] })).admitted).toBe(false);
  });

  it("admits every OpenID account with ALLOWED_EMAILS=*, but never every GitHub account", async () => {
    const list = allow({ ALLOWED_EMAILS: "*" });
    expect((await decideAdmission(list, { method: "oidc", verifiedEmails: [] })).admitted).toBe(true);
    expect(
      (await decideAdmission(list, { method: "github", verifiedEmails: [], githubLogin: "anyone" })).admitted,
    ).toBe(false);
  });

  it("checks at most ten organisations per sign-in", async () => {
    const orgs = Array.from({ length: 12 }, (_, i) => `org${i}`);
    const asked: string[] = [];
    const decision = await decideAdmission(allow({ ALLOWED_GITHUB_ORGS: orgs.join(",") }), {
      method: "github",
      verifiedEmails: [],
      githubLogin: "x",
      isGithubOrgMember: async (org) => {
        asked.push(org);
        return org === "org11";
      },
    });
    expect(asked).toHaveLength(10);
    expect(decision.admitted).toBe(false);
  });
});

describe("user ids", () => {
  it("encode provider subjects without ':' and keep issuers apart", async () => {
    const a = encodeUserId(`oidc:${await issuerHash("https://a.example")}:42`);
    const b = encodeUserId(`oidc:${await issuerHash("https://b.example")}:42`);
    expect(a).not.toContain(":");
    expect(a).toMatch(/^oidc%3A[0-9a-f]{12}%3A42$/);
    expect(a).not.toBe(b);
    expect(encodeUserId("github:1001")).toBe("github%3A1001");
  });
});
