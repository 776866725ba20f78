// Bindings that `wrangler types` cannot see: secrets and what the OAuth provider injects.
import type { OAuthHelpers } from "@cloudflare/workers-oauth-provider";

interface OutpostRuntimeBindings {
  /** The owner's sign-in passphrase: `wrangler secret put OWNER_PASSPHRASE`, or `.dev.vars` locally. */
  OWNER_PASSPHRASE?: string;
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
