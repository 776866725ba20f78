/**
 * Outpost's entry point. OAuthProvider is the outermost handler: it serves OAuth metadata,
 * registration and tokens, checks the bearer token on /mcp and /sse, and hands everything else to
 * the Hono app. See docs/architecture.md for the whole request path.
 */
import { getOAuthApi } from "@cloudflare/workers-oauth-provider";
import { readConfig } from "./config";
import { logEvent } from "./mcp/log";
import { applyResourceAliases } from "./worker/aliases";
import { app } from "./worker/app";
import { oauthOptions, oauthProviderFor } from "./worker/oauth";

export { SignInThrottle } from "./auth/throttle";
export { OutpostSession } from "./mcp/agent";

const defaultHandler: ExportedHandler<Env> = { fetch: (request, env, ctx) => app.fetch(request, env, ctx) };

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const config = readConfig(env);
    const origin = config.publicUrl ?? new URL(request.url).origin;
    const aliased = await applyResourceAliases(request, origin);
    return oauthProviderFor(origin, config, defaultHandler).fetch(aliased, env, ctx);
  },

  /** Cron: purge expired grants, tokens and registrations in bounded batches. */
  async scheduled(_controller, env): Promise<void> {
    const config = readConfig(env);
    const oauth = getOAuthApi(oauthOptions(config.publicUrl ?? "https://outpost.invalid", config, defaultHandler), env);
    let cursor: string | undefined;
    let batches = 0;
    do {
      const result = await oauth.purgeExpiredData({ cursor, batchSize: 500 });
      logEvent("oauth_purge", { grantsPurged: result.grantsPurged, tokensPurged: result.tokensPurged, done: result.done });
      cursor = result.done ? undefined : result.cursor;
    } while (cursor && ++batches < 20);
  },
} satisfies ExportedHandler<Env>;
