// Every secret the worker reads, in one list: `npm run setup` generates and sets the generated ones,
// `npm run dev` writes the same ones to .dev.vars, the README's secrets table and .dev.vars.example
// (which the Deploy to Cloudflare button prompts from) are checked against it by
// test/e2e/deploy-config.test.ts, and so is the set of `env.*` names the worker's code reads.
import { randomBytes } from "node:crypto";

/**
 * @typedef {object} SecretSpec
 * @property {string} name
 * @property {string} purpose          what it does, one line (the README table shows it)
 * @property {string} ifChanged        what rotating it does to a live deployment
 * @property {(() => string) | undefined} generate  random value for a new deployment; undefined
 *   for secrets that come from somewhere else (an identity provider's client secret)
 */

/** @type {readonly SecretSpec[]} */
export const SECRETS = [
  {
    name: "OWNER_PASSPHRASE",
    purpose: "The passphrase the owner types on the consent page to approve a connection.",
    ifChanged: "Existing connections keep working; device marks are retired (sign in once more on each browser).",
    // 18 bytes: 24 URL-safe characters, easy to paste into a password manager.
    generate: () => randomBytes(18).toString("base64url"),
  },
  {
    name: "NOTIFY_ENCRYPTION_KEY",
    purpose: "32 random bytes, base64: encrypts notification channel URLs and signing secrets at rest.",
    ifChanged: "Stored notification channels become unreadable: users add them again.",
    generate: () => randomBytes(32).toString("base64"),
  },
  {
    name: "CONSENT_COOKIE_SECRET",
    purpose: 'Signs the "remember this app" cookie of GitHub and OpenID sign-in.',
    ifChanged: "Remembered approvals are forgotten: the next sign-in asks again.",
    generate: () => randomBytes(32).toString("base64url"),
  },
  {
    name: "GITHUB_CLIENT_SECRET",
    purpose: "Client secret of the GitHub OAuth app, only with GitHub sign-in (docs/identity.md).",
    ifChanged: "Must match the GitHub app; set it when you create or reset the app's secret.",
    generate: undefined,
  },
  {
    name: "OIDC_CLIENT_SECRET",
    purpose: "Client secret at the OpenID provider, only with OpenID sign-in and a confidential client.",
    ifChanged: "Must match the provider's; set it when you create or reset the client's secret.",
    generate: undefined,
  },
];

/** The secrets a new deployment gets random values for, by name. */
export const GENERATED_SECRETS = Object.fromEntries(
  SECRETS.filter((secret) => secret.generate !== undefined).map((secret) => [
    secret.name,
    /** @type {() => string} */ (secret.generate),
  ]),
);
