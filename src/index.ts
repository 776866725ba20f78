/**
 * Outpost's entry point. OAuthProvider is the outermost handler: it serves OAuth metadata,
 * registration and tokens, checks the bearer token on /mcp and /sse, and hands everything else to
 * the Hono app. See docs/architecture.md for the whole request path.
 */
import { getOAuthApi } from "@cloudflare/workers-oauth-provider";
import { refuseOversizedClientDocument } from "./auth/client-metadata";
import { publicOrigin, readConfig, requestConfig } from "./config";
import { isLoopbackResourceHost } from "./lib/host-name";
import { logEvent } from "./lib/log";
import { installToolkits } from "./mcp/installed-toolkits";
import { toolkits } from "./toolkits";
import { app } from "./worker/app";
import { screenCredentials } from "./worker/credential-shape";
import { httpError, jsonError } from "./worker/http-error";
import { resolveLoopbackClientMetadata } from "./worker/loopback-cimd";
import { confirmRegistration, oauthOptions, oauthProviderFor } from "./worker/oauth";
import { providerEnvForRequest } from "./worker/oauth-provider-adapter";
import { withJsonBody } from "./worker/provider-responses";
import { throttleRegistration } from "./worker/registration-throttle";
import { applyResourceAliases } from "./worker/resource-url-rewrite";
import { serveTokenRequest } from "./worker/token-endpoint";
import { isTokenFormRequest } from "./worker/token-form";

export { SignInThrottle } from "./auth/throttle";
export { OutpostSession } from "./mcp/agent";
export { Outbox } from "./notify/outbox";
export { RegistrationThrottle } from "./worker/registration-throttle";
export { Workspace } from "./workspace/workspace";

// The composition point: the one place that knows which toolkits this deployment serves.
installToolkits(toolkits);

const defaultHandler: ExportedHandler<Env> = { fetch: (request, env, ctx) => app.fetch(request, env, ctx) };

/**
 * Plain http is only ever a local server (`wrangler dev`); Cloudflare serves https. A request that
 * arrives over http under a name that is not loopback is a DNS-rebinding attempt against a local
 * server (MCP 2025-11-25, Security Warning on Streamable HTTP) or a misrouted request: never make it
 * an OAuth resource. Loopback spellings the OAuth provider refuses as a resource (`a.localhost`,
 * `localhost.`) are refused here too, instead of failing the provider's construction.
 */
function isForeignHttpOrigin(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === "http:" && !isLoopbackResourceHost(url.hostname);
}

async function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const requestEnv = providerEnvForRequest(env);
  const config = requestConfig(requestEnv);
  const origin = publicOrigin(config, request.url);
  if (!config.publicUrl && isForeignHttpOrigin(origin)) {
    return httpError(request, {
      status: 421,
      error: "misdirected_request",
      title: "Wrong address for this server",
      message: `Outpost does not answer for ${new URL(origin).host} over plain http. Locally, use localhost or 127.0.0.1; deployed, use https or set PUBLIC_URL.`,
    });
  }
  const screened = await screenCredentials(request);
  if (screened instanceof Response) return screened;
  const throttled = await throttleRegistration(screened, env, config);
  if (throttled) return throttled;
  const aliased = await applyResourceAliases(screened, origin);
  await resolveLoopbackClientMetadata({ request: aliased, kv: env.OAUTH_KV });
  const oauth = () => getOAuthApi(oauthOptions(origin, config, defaultHandler), env);
  const refusedClient = await refuseOversizedClientDocument(aliased, oauth);
  if (refusedClient) return refusedClient;
  const provider = oauthProviderFor(origin, config, defaultHandler);
  const forward = (forwarded: Request) => provider.fetch(forwarded, requestEnv, ctx);
  const response = isTokenFormRequest(aliased)
    ? await serveTokenRequest({
        request: aliased,
        kv: env.OAUTH_KV,
        forward,
        oauth,
        confirmRegistration: (clientId) => confirmRegistration(origin, config, defaultHandler, env, clientId),
      })
    : await forward(aliased);
  return withJsonBody(response, request, origin);
}

export default {
  async fetch(request, env, ctx): Promise<Response> {
    try {
      return await handle(request, env, ctx);
    } catch (error) {
      // Last line of defence: workerd would answer an escaped exception with its message and stack.
      logEvent("worker_crash", {
        name: error instanceof Error ? error.name : typeof error,
        path: new URL(request.url).pathname,
      });
      return httpError(request, {
        status: 503,
        error: "temporarily_unavailable",
        title: "Something went wrong",
        message: "Outpost hit an unexpected error. Try again in a moment.",
      });
    }
  },

  /** Cron: purge expired grants, tokens and registrations in bounded batches. */
  async scheduled(_controller, env): Promise<void> {
    const config = readConfig(env);
    const oauth = getOAuthApi(oauthOptions(config.publicUrl ?? "https://outpost.invalid", config, defaultHandler), env);
    let cursor: string | undefined;
    let batches = 0;
    do {
      const result = await oauth.purgeExpiredData({ cursor, batchSize: 500 });
      logEvent("oauth_purge", {
        grantsPurged: result.grantsPurged,
        tokensPurged: result.tokensPurged,
        done: result.done,
      });
      cursor = result.done ? undefined : result.cursor;
    } while (cursor && ++batches < 20);
  },
} satisfies ExportedHandler<Env>;
