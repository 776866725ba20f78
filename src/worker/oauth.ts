import {
  type ClientRegistrationCallbackOptions,
  type ClientRegistrationCallbackResult,
  getOAuthApi,
  OAuthProvider,
  type OAuthProviderOptions,
} from "@cloudflare/workers-oauth-provider";
import { claudeOnlyProblem } from "../auth/claude-only";
import { CLIENT_METADATA_LIMITS, clientMetadataProblem, documentSizeProblem } from "../auth/client-metadata";
import { GRANT_LIFETIME_SECONDS, TOKEN_LIFETIMES } from "../auth/token-lifetimes";
import type { Config } from "../config";
import { logEvent } from "../lib/log";
import { readBodyLimited } from "../lib/read-body";
import { installedToolkits } from "../mcp/installed-toolkits";
import { MCP_PATH, mcpEndpoint, SSE_PATH } from "./mcp-endpoint";
import { asProviderApiHandler } from "./oauth-provider-adapter";
import { REGISTRATION_PATH } from "./registration-throttle";

const DAY = 24 * 3600;

/**
 * How long a dynamic registration is kept. Until the client completes an authorization (exchanges
 * a code) it is `pending`: a registration nobody finishes is gone in a day. The code exchange
 * stores it again for the `confirmed` lifetime, the provider's default, and every later sign-in
 * (at least monthly, as grants end after 30 days) renews that.
 */
export const REGISTRATION_LIFETIME_SECONDS = { pending: DAY, confirmed: 90 * DAY } as const;

/** Scopes the consent page can grant: every toolkit scope, plus `offline_access`, which Claude asks for. */
export function supportedScopes(): string[] {
  return [...Object.keys(installedToolkits().scopes), "offline_access"];
}

/**
 * OAuthProvider options for one public origin. The protected resource is the bare origin, so one
 * audience covers both `/mcp` and `/sse` (a resource of `…/mcp` cannot cover `/sse`; platform.md §3),
 * and it follows the port and host the server is reached on (`localhost` and `127.0.0.1` differ).
 */
export function oauthOptions(
  origin: string,
  config: Config,
  defaultHandler: ExportedHandler<Env>,
  registrationLifetime: number = REGISTRATION_LIFETIME_SECONDS.pending,
): OAuthProviderOptions<Env> {
  return {
    apiRoute: [MCP_PATH, SSE_PATH],
    apiHandler: asProviderApiHandler(mcpEndpoint),
    defaultHandler,
    authorizeEndpoint: "/authorize",
    tokenEndpoint: "/token",
    clientRegistrationEndpoint: config.dcrEnabled ? REGISTRATION_PATH : undefined,
    // Registration writes (the provider's DCR, and `updateClient`) keep a client this long.
    clientRegistrationTTL: registrationLifetime,
    clientRegistrationCallback: (options) => screenRegistration(options, config),
    resourceMetadata: { resource: origin, resource_name: "Outpost" },
    scopesSupported: supportedScopes(),
    // Named in the 401 challenge so clients ask for every toolkit scope; the user can untick any.
    requiredScopes: Object.keys(installedToolkits().scopes),
    accessTokenTTL: TOKEN_LIFETIMES.accessTokenSeconds,
    refreshTokenTTL: TOKEN_LIFETIMES.refreshTokenSeconds,
    clientIdMetadataDocumentEnabled: true,
    onError({ code, status, internal }) {
      // Codes and categories only: descriptions can echo client input.
      logEvent("oauth_error", { code, status, category: internal?.category, reason: internal?.reason });
    },
  };
}

/**
 * RFC 7591 §3.2.2 errors for a registration over the size limits (`client-metadata.ts`) or, in
 * "Claude only" mode, naming a redirect URI that is not Claude's (`claude-only.ts`). Runs before
 * the provider stores anything; the provider has already checked the fields' types.
 */
async function screenRegistration(
  { clientMetadata, request }: ClientRegistrationCallbackOptions,
  config: Config,
): Promise<ClientRegistrationCallbackResult | undefined> {
  const body = await readBodyLimited(request, CLIENT_METADATA_LIMITS.maxDocumentBytes);
  const problem = documentSizeProblem(body?.byteLength) ?? clientMetadataProblem(clientMetadata);
  if (problem) return { code: problem.error, description: problem.description, status: 400 };
  const notClaude = claudeOnlyProblem(config, clientMetadata.redirect_uris);
  return notClaude ? { code: "invalid_redirect_uri", description: notClaude, status: 400 } : undefined;
}

/** Keep a registration for the confirmed lifetime: it has completed an authorization. */
export async function confirmRegistration(
  origin: string,
  config: Config,
  defaultHandler: ExportedHandler<Env>,
  env: Env,
  clientId: string,
): Promise<void> {
  // updateClient re-stores the record unchanged, under the lifetime of the options it was built with.
  await getOAuthApi(
    oauthOptions(origin, config, defaultHandler, REGISTRATION_LIFETIME_SECONDS.confirmed),
    env,
  ).updateClient(clientId, {});
}

const providers = new Map<string, OAuthProvider<Env>>();
const MAX_CACHED_PROVIDERS = 16;

/** One provider per origin and setting, built once per isolate (construction validates the options). */
export function oauthProviderFor(
  origin: string,
  config: Config,
  defaultHandler: ExportedHandler<Env>,
): OAuthProvider<Env> {
  const key = `${origin} dcr=${config.dcrEnabled} clients=${config.allowedClients}`;
  let provider = providers.get(key);
  if (!provider) {
    if (providers.size >= MAX_CACHED_PROVIDERS) providers.delete(providers.keys().next().value as string);
    provider = new OAuthProvider(oauthOptions(origin, config, defaultHandler));
    providers.set(key, provider);
  }
  return provider;
}
