import type { AllowlistFacts } from "./allowlist";
import type { Allowlist, GithubSettings } from "./identity-config";
import { fetchJson, type OutboundPolicy, UpstreamUnavailable } from "./outbound";
import { type UpstreamProvider, UpstreamRejected } from "./upstream-provider";

export const GITHUB_AUTHORIZE_URL = "https://github.com/login/oauth/authorize";
export const GITHUB_TOKEN_URL = "https://github.com/login/oauth/access_token";
export const GITHUB_API = "https://api.github.com";

/**
 * Sign-in with a GitHub OAuth app. The scopes asked for follow the allowlists (least privilege):
 * none for logins, `user:email` when an email list is set, `read:org` when organisations are.
 * The user's GitHub token is used during sign-in only and then dropped.
 */
export function githubProvider(options: {
  settings: GithubSettings;
  allow: Allowlist;
  policy: OutboundPolicy;
}): UpstreamProvider {
  const { settings, allow, policy } = options;
  const wantsEmails = allow.emails.size > 0 || allow.emailDomains.size > 0;
  const wantsOrgs = allow.githubOrgs.length > 0;

  return {
    id: "github",
    label: "GitHub",
    async authorizationUrl({ state, codeChallenge, redirectUri }) {
      const url = new URL(GITHUB_AUTHORIZE_URL);
      url.search = new URLSearchParams({
        client_id: settings.clientId,
        redirect_uri: redirectUri,
        scope: [...(wantsEmails ? ["user:email"] : []), ...(wantsOrgs ? ["read:org"] : [])].join(" "),
        state,
        code_challenge: codeChallenge,
        code_challenge_method: "S256",
        allow_signup: "false",
      }).toString();
      return url.toString();
    },

    async signIn({ code, verifier, redirectUri }) {
      const token = await exchangeCode({ settings, policy, code, verifier, redirectUri });
      const api = (path: string) =>
        fetchJson(
          `${GITHUB_API}${path}`,
          {
            headers: {
              Authorization: `Bearer ${token}`,
              Accept: "application/vnd.github+json",
              "User-Agent": "Outpost",
              "X-GitHub-Api-Version": "2022-11-28",
            },
          },
          policy,
        );

      const user = await api("/user");
      const profile = user.body as { id?: unknown; login?: unknown; name?: unknown } | undefined;
      if (user.status !== 200 || typeof profile?.id !== "number" || typeof profile.login !== "string") {
        throw new UpstreamUnavailable(`GitHub did not return the signed-in user (status ${user.status}).`);
      }
      let verifiedEmails: string[] = [];
      if (wantsEmails) {
        const emails = await api("/user/emails");
        if (emails.status === 200 && Array.isArray(emails.body)) {
          verifiedEmails = (emails.body as { email?: unknown; verified?: unknown; primary?: unknown }[])
            .filter((entry) => entry.verified === true && typeof entry.email === "string")
            .sort((a, b) => Number(b.primary === true) - Number(a.primary === true))
            .map((entry) => String(entry.email));
        }
      }
      const facts: AllowlistFacts = {
        method: "github",
        verifiedEmails,
        githubLogin: profile.login,
        // 200 with state "active" is a member; 404 (not a member) and 403 (the organisation
        // restricts OAuth apps) are not. Pending invitations do not count.
        isGithubOrgMember: async (org) => {
          const membership = await api(`/user/memberships/orgs/${encodeURIComponent(org)}`);
          return membership.status === 200 && (membership.body as { state?: unknown } | undefined)?.state === "active";
        },
      };
      return {
        identity: {
          method: "github",
          subject: `github:${profile.id}`,
          displayName:
            typeof profile.name === "string" && profile.name.trim()
              ? `${profile.name.trim()} (@${profile.login})`
              : `@${profile.login}`,
          email: verifiedEmails[0],
        },
        facts,
      };
    },
  };
}

async function exchangeCode(input: {
  settings: GithubSettings;
  policy: OutboundPolicy;
  code: string;
  verifier: string;
  redirectUri: string;
}): Promise<string> {
  const { status, body } = await fetchJson(
    GITHUB_TOKEN_URL,
    {
      method: "POST",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": "Outpost",
      },
      body: new URLSearchParams({
        client_id: input.settings.clientId,
        client_secret: input.settings.clientSecret,
        code: input.code,
        redirect_uri: input.redirectUri,
        code_verifier: input.verifier,
      }),
    },
    input.policy,
  );
  const answer = body as { access_token?: unknown; error?: unknown } | undefined;
  if (status === 200 && typeof answer?.access_token === "string" && answer.access_token) return answer.access_token;
  // GitHub reports a bad, expired or reused code as 200 {"error":"bad_verification_code"}.
  if (typeof answer?.error === "string") {
    if (answer.error === "incorrect_client_credentials")
      throw new UpstreamUnavailable("GitHub refused this connector's client id or secret.");
    throw new UpstreamRejected("GitHub did not accept the sign-in code: it expired or was already used.");
  }
  throw new UpstreamUnavailable(`GitHub's token endpoint answered ${status} without a token.`);
}
