import { OAuthProvider, type OAuthProviderOptions } from "@cloudflare/workers-oauth-provider";
import type { Config } from "../config";
import { logEvent } from "../mcp/log";
import { toolkitScopes } from "../toolkits";
import { MCP_PATH, mcpEndpoint, SSE_PATH } from "./mcp-endpoint";

const HOUR = 3600;
const DAY = 24 * HOUR;

/** A grant, and so its refresh tokens, ends this long after sign-in; refreshing does not extend it. */
export const GRANT_LIFETIME_SECONDS = 30 * DAY;

/** Scopes the consent page can grant: every toolkit scope, plus `offline_access`, which Claude asks for. */
export function supportedScopes(): string[] {
  return [...Object.keys(toolkitScopes()), "offline_access"];
}

/**
 * OAuthProvider options for one public origin. The protected resource is the bare origin, so one
 * audience covers both `/mcp` and `/sse` (a resource of `…/mcp` cannot cover `/sse`; platform.md §3),
 * and it follows the port and host the server is reached on (`localhost` and `127.0.0.1` differ).
 */
export function oauthOptions(origin: string, config: Config, defaultHandler: ExportedHandler<Env>): OAuthProviderOptions<Env> {
  return {
    apiRoute: [MCP_PATH, SSE_PATH],
    // biome-ignore lint: the provider types its API handler's ctx loosely.
    apiHandler: mcpEndpoint as any,
    defaultHandler,
    authorizeEndpoint: "/authorize",
    tokenEndpoint: "/token",
    clientRegistrationEndpoint: config.dcrEnabled ? "/register" : undefined,
    resourceMetadata: { resource: origin, resource_name: "Outpost" },
    scopesSupported: supportedScopes(),
    // Named in the 401 challenge so clients ask for every toolkit scope; the user can untick any.
    requiredScopes: Object.keys(toolkitScopes()),
    accessTokenTTL: HOUR,
    refreshTokenTTL: GRANT_LIFETIME_SECONDS,
    clientIdMetadataDocumentEnabled: true,
    onError({ code, status, internal }) {
      // Codes and categories only: descriptions can echo client input.
      logEvent("oauth_error", { code, status, category: internal?.category, reason: internal?.reason });
    },
  };
}

const providers = new Map<string, OAuthProvider<Env>>();
const MAX_CACHED_PROVIDERS = 16;

/** One provider per origin and setting, built once per isolate (construction validates the options). */
export function oauthProviderFor(origin: string, config: Config, defaultHandler: ExportedHandler<Env>): OAuthProvider<Env> {
  const key = `${origin} dcr=${config.dcrEnabled}`;
  let provider = providers.get(key);
  if (!provider) {
    if (providers.size >= MAX_CACHED_PROVIDERS) providers.delete(providers.keys().next().value as string);
    provider = new OAuthProvider(oauthOptions(origin, config, defaultHandler));
    providers.set(key, provider);
  }
  return provider;
}
