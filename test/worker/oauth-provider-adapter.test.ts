import { createExecutionContext, env } from "cloudflare:test";
import {
  type ClientInfo,
  getOAuthApi,
  OAuthProvider,
  type OAuthProviderOptions,
} from "@cloudflare/workers-oauth-provider";
import { describe, expect, it } from "vitest";
import { providerClientRecords, providerEnvForRequest } from "../../src/worker/oauth-provider-adapter";

/**
 * The library's internals Outpost relies on (src/worker/oauth-provider-adapter.ts). A failure here
 * after upgrading @cloudflare/workers-oauth-provider means the adapter must change with it.
 */
const ORIGIN = "http://localhost";
const handler = { fetch: async () => new Response("default") };
const options: OAuthProviderOptions<Env> = {
  apiRoute: "/mcp",
  apiHandler: handler,
  defaultHandler: handler,
  authorizeEndpoint: "/authorize",
  tokenEndpoint: "/token",
  resourceMetadata: { resource: ORIGIN },
};

describe("the OAuth provider's client records", () => {
  it("are read by the provider's lookupClient as the adapter writes them", async () => {
    const clientId = `http://localhost:4000/contract-${crypto.randomUUID()}.json`;
    const client: ClientInfo = {
      clientId,
      redirectUris: ["http://localhost:4000/callback"],
      clientName: "Contract client",
      tokenEndpointAuthMethod: "none",
      grantTypes: ["authorization_code", "refresh_token"],
      responseTypes: ["code"],
      registrationDate: Math.floor(Date.now() / 1000),
    };
    await providerClientRecords(env.OAUTH_KV).write(client);
    const found = await getOAuthApi(options, { ...env } as Env).lookupClient(clientId);
    expect(found?.clientId).toBe(clientId);
    expect(found?.redirectUris).toEqual(client.redirectUris);
    expect(found?.tokenEndpointAuthMethod).toBe("none");

    await providerClientRecords(env.OAUTH_KV).remove(clientId);
    expect(await getOAuthApi(options, { ...env } as Env).lookupClient(clientId)).toBeNull();
  });

  it("are what the provider's createClient writes", async () => {
    const created = await getOAuthApi(options, { ...env } as Env).createClient({
      redirectUris: ["https://app.example/callback"],
      clientName: "Created by the provider",
      tokenEndpointAuthMethod: "none",
    });
    const read = await providerClientRecords(env.OAUTH_KV).read(created.clientId);
    expect(read?.clientId).toBe(created.clientId);
    expect(read?.redirectUris).toEqual(["https://app.example/callback"]);
    expect(read?.registrationDate).toBeTypeOf("number");
  });
});

describe("the provider's helpers on env", () => {
  it("are stored on the env it is given, only when unset: the reason for a per-request copy", async () => {
    const isolateEnv = { ...env } as unknown as Record<string, unknown>;
    delete isolateEnv.OAUTH_PROVIDER;
    const provider = new OAuthProvider(options);

    const first = providerEnvForRequest(isolateEnv as unknown as Env) as unknown as Record<string, unknown>;
    await provider.fetch(new Request(`${ORIGIN}/`), first as unknown as Env, createExecutionContext());
    expect(first.OAUTH_PROVIDER).toBeDefined();
    expect(isolateEnv.OAUTH_PROVIDER).toBeUndefined();

    // Were the isolate's env handed over instead, the first helpers would stay for good.
    const preset = { marker: "first request's helpers" };
    const shared: Record<string, unknown> = { ...isolateEnv, OAUTH_PROVIDER: preset };
    await provider.fetch(new Request(`${ORIGIN}/`), shared as unknown as Env, createExecutionContext());
    expect(shared.OAUTH_PROVIDER).toBe(preset);
  });
});
