/**
 * Sign-in settings, read from the environment on each request (docs/identity.md). Like config.ts,
 * a value that cannot be used never fails requests here; unlike it, a method that is switched on
 * but incomplete is reported (`missing`), so the person signing in is told what the operator must
 * set instead of seeing a generic failure.
 */

export type MethodId = "passphrase" | "github" | "oidc";
export type UpstreamMethodId = Exclude<MethodId, "passphrase">;

const KNOWN_METHODS: readonly MethodId[] = ["passphrase", "github", "oidc"];

/** Shortest secret accepted for signing the "remember this app" cookies (the provider's minimum). */
export const MIN_CONSENT_SECRET_LENGTH = 32;

export interface GithubSettings {
  clientId: string;
  clientSecret: string;
}

export interface OidcSettings {
  /** Exactly as configured (trailing slash and all): ID tokens must carry this `iss`. */
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE only). */
  clientSecret?: string;
  /** Label on the sign-in button ("Google", "Okta", …). */
  name: string;
}

export interface Allowlist {
  emails: Set<string>;
  emailDomains: Set<string>;
  githubLogins: Set<string>;
  githubOrgs: string[];
  /** `ALLOWED_EMAILS = "*"`: every account the OpenID provider signs in (never GitHub's). */
  anyOidcAccount: boolean;
}

export interface IdentityConfig {
  /** Enabled methods, in the configured order, without duplicates. Never empty. */
  methods: MethodId[];
  github?: GithubSettings;
  oidc?: OidcSettings;
  /** What an enabled method lacks, for the operator: method → names of missing settings. */
  missing: Partial<Record<UpstreamMethodId, string[]>>;
  allow: Allowlist;
  /** Key for the signed "remember this app" cookies; without it the option is not offered. */
  consentSecret?: string;
}

export function readIdentityConfig(env: Env): IdentityConfig {
  const vars = env as Env & Partial<Record<string, unknown>>;
  const text = (name: string): string => (typeof vars[name] === "string" ? (vars[name] as string).trim() : "");

  const methods = readSignInMethods(env);

  const missing: IdentityConfig["missing"] = {};
  let github: GithubSettings | undefined;
  if (methods.includes("github")) {
    const clientId = text("GITHUB_CLIENT_ID");
    const clientSecret = text("GITHUB_CLIENT_SECRET");
    const lacks = [...(clientId ? [] : ["GITHUB_CLIENT_ID"]), ...(clientSecret ? [] : ["GITHUB_CLIENT_SECRET"])];
    if (lacks.length > 0) missing.github = lacks;
    else github = { clientId, clientSecret };
  }
  let oidc: OidcSettings | undefined;
  if (methods.includes("oidc")) {
    const issuer = text("OIDC_ISSUER");
    const clientId = text("OIDC_CLIENT_ID");
    const lacks = [...(parsesAsHttpUrl(issuer) ? [] : ["OIDC_ISSUER"]), ...(clientId ? [] : ["OIDC_CLIENT_ID"])];
    if (lacks.length > 0) missing.oidc = lacks;
    else
      oidc = {
        issuer,
        clientId,
        clientSecret: text("OIDC_CLIENT_SECRET") || undefined,
        name: text("OIDC_NAME") || "your organisation's sign-in",
      };
  }

  const emails = list(text("ALLOWED_EMAILS"));
  const secret = text("CONSENT_COOKIE_SECRET");
  return {
    methods,
    github,
    oidc,
    missing,
    allow: {
      emails: new Set(emails.filter((email) => email !== "*")),
      emailDomains: new Set(list(text("ALLOWED_EMAIL_DOMAINS")).map((domain) => domain.replace(/^@/, ""))),
      githubLogins: new Set(list(text("ALLOWED_GITHUB_LOGINS"))),
      githubOrgs: [...new Set(list(text("ALLOWED_GITHUB_ORGS")))],
      anyOidcAccount: emails.includes("*"),
    },
    consentSecret: secret.length >= MIN_CONSENT_SECRET_LENGTH ? secret : undefined,
  };
}

/**
 * The enabled sign-in methods (`SIGN_IN_METHODS`), in the configured order, without duplicates;
 * never empty. Reads that one setting only, so describing a deployment needs no secret.
 */
export function readSignInMethods(env: Readonly<Partial<Pick<Env, "SIGN_IN_METHODS">>>): MethodId[] {
  const raw = env.SIGN_IN_METHODS;
  const listed = list(typeof raw === "string" ? raw : "").filter((item): item is MethodId =>
    (KNOWN_METHODS as readonly string[]).includes(item),
  );
  const methods = [...new Set(listed)];
  if (methods.length === 0) methods.push("passphrase");
  return methods;
}

/** Comma- or whitespace-separated, trimmed, lower-cased (emails, domains and GitHub names ignore case). */
function list(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

function parsesAsHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
