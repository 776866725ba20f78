import type { Allowlist, UpstreamMethodId } from "./identity-config";

/** What an identity provider proved about a person, as far as the allowlists care. */
export interface AllowlistFacts {
  method: UpstreamMethodId;
  /** Addresses the provider says it verified; unverified ones never count. */
  verifiedEmails: string[];
  /** GitHub only. */
  githubLogin?: string;
  /** GitHub only: active membership of one allowed organisation, asked with the user's token. */
  isGithubOrgMember?: (org: string) => Promise<boolean>;
}

/** Organisations checked per sign-in at most: each is one call to GitHub. */
export const MAX_GITHUB_ORGS_CHECKED = 10;

export type AllowlistDecision = { admitted: true; because: string } | { admitted: false; reason: string };

/**
 * Who may sign in through GitHub or OpenID Connect. Anyone matching any list is admitted; with every
 * list empty nobody is, because an open GitHub sign-in would admit every GitHub account in the world.
 */
export async function decideAdmission(allow: Allowlist, facts: AllowlistFacts): Promise<AllowlistDecision> {
  const emails = facts.verifiedEmails.map((email) => email.trim().toLowerCase());
  for (const email of emails) {
    if (allow.emails.has(email)) return { admitted: true, because: "email" };
    const domain = email.slice(email.lastIndexOf("@") + 1);
    if (email.includes("@") && allow.emailDomains.has(domain)) return { admitted: true, because: "email domain" };
  }
  if (facts.method === "oidc" && allow.anyOidcAccount) return { admitted: true, because: "any account" };
  if (facts.method === "github") {
    if (facts.githubLogin && allow.githubLogins.has(facts.githubLogin.toLowerCase()))
      return { admitted: true, because: "GitHub login" };
    if (facts.isGithubOrgMember) {
      for (const org of allow.githubOrgs.slice(0, MAX_GITHUB_ORGS_CHECKED)) {
        if (await facts.isGithubOrgMember(org)) return { admitted: true, because: "GitHub organisation" };
      }
    }
  }
  const anyList =
    allow.emails.size + allow.emailDomains.size + allow.githubLogins.size + allow.githubOrgs.length > 0 ||
    allow.anyOidcAccount;
  return {
    admitted: false,
    reason: anyList
      ? "This account is not on the list of people allowed to use this connector. Ask whoever runs it to add you, or sign in with another account."
      : "This connector does not let anyone sign in this way yet: its operator has not set any of the ALLOWED_… lists.",
  };
}
