// Bindings that `wrangler types` cannot see: optional secrets and what the OAuth provider injects.
// Every secret is listed once in scripts/secrets.mjs (test/e2e/deploy-config.test.ts keeps this file,
// worker-configuration.d.ts and that list in step). The ones `npm run dev` writes to .dev.vars are typed in
// worker-configuration.d.ts: OWNER_PASSPHRASE (the owner's sign-in passphrase), NOTIFY_ENCRYPTION_KEY
// (32 random bytes, base64: encrypts notification channel URLs at rest) and CONSENT_COOKIE_SECRET
// (signs the "remember this app" cookie). A deployment sets them with `wrangler secret put` and may
// lack any of them, so code treats a missing or empty one as unset whatever its type says.
import type { OAuthHelpers } from "@cloudflare/workers-oauth-provider";

interface OutpostRuntimeBindings {
  /** OAuth client secret of the GitHub app used for sign-in (docs/identity.md). */
  GITHUB_CLIENT_SECRET?: string;
  /** Client secret at the OpenID provider (docs/identity.md); empty for public clients. */
  OIDC_CLIENT_SECRET?: string;
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
