import type { ClientInfo, OAuthProviderOptions } from "@cloudflare/workers-oauth-provider";

/**
 * Every place Outpost leans on @cloudflare/workers-oauth-provider beyond its documented API, in one
 * file. test/worker/oauth-provider-adapter.test.ts pins each assumption against the installed
 * library, so an upgrade that changes one fails there, by name, instead of somewhere downstream.
 */

/**
 * The provider's own client records (`client:<id>` in OAUTH_KV, JSON of `ClientInfo`), as its
 * `createClient()` writes them and `lookupClient()` reads them. Outpost writes them directly only
 * for loopback Client ID Metadata Documents, which the provider does not resolve itself.
 */
export function providerClientRecords(kv: KVNamespace) {
  const key = (clientId: string) => `client:${clientId}`;
  return {
    read: (clientId: string) => kv.get<ClientInfo>(key(clientId), "json"),
    // No expirationTtl: the provider's purge revokes grants whose client record is missing.
    write: (client: ClientInfo) => kv.put(key(client.clientId), JSON.stringify(client)),
    remove: (clientId: string) => kv.delete(key(clientId)),
  };
}

/**
 * The `env` to hand the provider for one request. The provider stores its helpers on
 * `env.OAUTH_PROVIDER` only when that is unset, and `env` lives as long as the isolate: without a
 * per-request copy, the first origin's helpers (and resource) would serve every later origin, and
 * sign-in on localhost would fail after 127.0.0.1 was used.
 */
export function providerEnvForRequest(env: Env): Env {
  return { ...env } as Env;
}

/**
 * The provider types its API handler's `ctx` loosely (it adds `props` to the ExecutionContext);
 * Outpost's handler declares what it reads, so the one cast lives here.
 */
export function asProviderApiHandler(handler: unknown): OAuthProviderOptions<Env>["apiHandler"] {
  return handler as OAuthProviderOptions<Env>["apiHandler"];
}
