// Bindings that `wrangler types` cannot see: secrets and what the OAuth provider injects.
import type { OAuthHelpers } from "@cloudflare/workers-oauth-provider";

interface OutpostRuntimeBindings {
  /** The owner's sign-in passphrase: `wrangler secret put OWNER_PASSPHRASE`, or `.dev.vars` locally. */
  OWNER_PASSPHRASE?: string;
  /** 32 random bytes, base64: encrypts notification channel URLs at rest. `.dev.vars` locally. */
  NOTIFY_ENCRYPTION_KEY?: string;
  /** OAuth client secret of the GitHub app used for sign-in (docs/identity.md). */
  GITHUB_CLIENT_SECRET?: string;
  /** Client secret at the OpenID provider (docs/identity.md); empty for public clients. */
  OIDC_CLIENT_SECRET?: string;
  /** 32+ random characters: signs the cookie behind "remember this app" for GitHub/OIDC sign-in. Unset: not offered. */
  CONSENT_COOKIE_SECRET?: string;
  /** The older, character-based name of TOOL_OUTPUT_MAX_TOKENS; still honoured (docs/configuration.md). */
  TOOL_OUTPUT_MAX_CHARS?: string;
  /** Set by OAuthProvider before the default handler runs. */
  OAUTH_PROVIDER: OAuthHelpers;
}

declare global {
  interface Env extends OutpostRuntimeBindings {}
  namespace Cloudflare {
    interface Env extends OutpostRuntimeBindings {}
  }
}
export {};
