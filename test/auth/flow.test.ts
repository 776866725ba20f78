/**
 * The authorization-code flow end to end, as Claude drives it: DCR, consent with the owner
 * passphrase, code exchange with PKCE, refresh rotation, RFC 8707 resource indicators, and what
 * the provider keeps in the grant.
 */

import { env } from "cloudflare:workers";
import { getOAuthApi, type OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { describe, expect, it } from "vitest";
import { OWNER_SUBJECT } from "../../src/auth/passphrase";
import { readConfig } from "../../src/config";
import { oauthOptions } from "../../src/worker/oauth";
import {
  ALL_SCOPES,
  authorizeUrl,
  beginAuthorization,
  codeFrom,
  exchangeCode,
  INITIALIZE,
  ORIGIN,
  pkcePair,
  postMcp,
  refreshTokens,
  registerClient,
  send,
  signIn,
  submitConsent,
  type Tokens,
} from "../helpers/worker";

function oauthApi(): OAuthHelpers {
  return getOAuthApi(oauthOptions(ORIGIN, readConfig(env), { fetch: () => new Response() }), env);
}

async function tokensFrom(response: Response): Promise<Tokens & { token_type: string; resource?: string }> {
  expect(response.status, "token endpoint status").toBe(200);
  return (await response.json()) as Tokens & { token_type: string; resource?: string };
}

async function expectTokenError(response: Response, status: number, error: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(((await response.json()) as { error: string }).error).toBe(error);
}

async function initializeStatus(accessToken: string): Promise<number> {
  const response = await postMcp(accessToken, INITIALIZE);
  await response.text();
  return response.status;
}

describe("authorization code flow", () => {
  it("issues an hour-long bearer token with the approved scopes, and a refresh token for offline_access", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client, { state: "xyz-state" });
    expect(form.status).toBe(200);
    const approved = await submitConsent(form);
    const location = new URL(approved.headers.get("Location") ?? "", ORIGIN);
    expect(`${location.origin}${location.pathname}`).toBe(client.redirectUri);
    expect(location.searchParams.get("state")).toBe("xyz-state");
    expect(location.searchParams.get("iss")).toBe(ORIGIN);

    const response = await exchangeCode(client, await codeFrom(approved), verifier);
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    const tokens = await tokensFrom(response);
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope?.split(" ").sort()).toEqual([...ALL_SCOPES, "offline_access"].sort());
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.resource ?? ORIGIN).toBe(ORIGIN);
    expect(await initializeStatus(tokens.access_token)).toBe(200);
  });

  it("rotates refresh tokens: the new pair works, and the old refresh token dies once the new one is used", async () => {
    const { client, tokens: first } = await signIn();
    const second = await tokensFrom(await refreshTokens(client, first.refresh_token ?? ""));
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.expires_in).toBe(3600);
    expect(await initializeStatus(second.access_token)).toBe(200);

    const third = await tokensFrom(await refreshTokens(client, second.refresh_token ?? ""));
    expect(await initializeStatus(third.access_token)).toBe(200);
    await expectTokenError(await refreshTokens(client, first.refresh_token ?? ""), 400, "invalid_grant");
  });

  it("refuses a refresh token presented by another client", async () => {
    const { tokens } = await signIn();
    const other = await registerClient("Other Client");
    const response = await refreshTokens(other, tokens.refresh_token ?? "");
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(["invalid_grant", "invalid_client"]).toContain(((await response.json()) as { error: string }).error);
  });

  it("refuses a reused authorization code", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client);
    const code = await codeFrom(await submitConsent(form));
    await tokensFrom(await exchangeCode(client, code, verifier));
    await expectTokenError(await exchangeCode(client, code, verifier), 400, "invalid_grant");
  });

  it("refuses a code with the wrong PKCE verifier", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client);
    const code = await codeFrom(await submitConsent(form));
    const wrong = `${verifier.slice(0, -1)}${verifier.endsWith("A") ? "B" : "A"}`;
    await expectTokenError(await exchangeCode(client, code, wrong), 400, "invalid_grant");
  });

  it("refuses a code without a PKCE verifier", async () => {
    const client = await registerClient();
    const { form } = await beginAuthorization(client);
    const code = await codeFrom(await submitConsent(form));
    const response = await exchangeCode(client, code, "");
    expect(response.status).toBe(400);
    expect(["invalid_grant", "invalid_request"]).toContain(((await response.json()) as { error: string }).error);
  });

  it("accepts offline_access and prompt=consent in the authorization request", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client, {
      scope: "session:read session:write offline_access",
      extra: { prompt: "consent" },
    });
    expect(form.status).toBe(200);
    expect(form.handle).not.toBe("");
    const tokens = await tokensFrom(await exchangeCode(client, await codeFrom(await submitConsent(form)), verifier));
    expect(tokens.scope?.split(" ")).toContain("offline_access");
    expect(tokens.refresh_token).toBeTruthy();
  });
});

describe("redirect URI matching", () => {
  it("matches a loopback redirect on any port (RFC 8252 §7.3), as Claude Code's callbacks need", async () => {
    const registered = await registerClient("Loopback", "http://127.0.0.1:43111/callback");
    const client = { ...registered, redirectUri: "http://127.0.0.1:5555/callback" };
    const { form, verifier } = await beginAuthorization(client);
    expect(form.status).toBe(200);
    await tokensFrom(await exchangeCode(client, await codeFrom(await submitConsent(form)), verifier));

    const portless = await registerClient("Portless", "http://localhost/callback");
    expect(
      (await beginAuthorization({ ...portless, redirectUri: "http://localhost:61234/callback" })).form.status,
    ).toBe(200);
  });

  it("still matches the loopback host and path exactly", async () => {
    const registered = await registerClient("Loopback", "http://localhost/callback");
    for (const redirectUri of [
      "http://127.0.0.1:61234/callback",
      "http://localhost:61234/other",
      "http://localhost.evil.example/callback",
    ]) {
      const { form } = await beginAuthorization({ ...registered, redirectUri });
      expect(form.status, redirectUri).toBe(400);
      expect(form.handle, redirectUri).toBe("");
    }
  });

  it("refuses a code exchanged with another redirect_uri than the one authorized", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client);
    const code = await codeFrom(await submitConsent(form));
    await expectTokenError(
      await exchangeCode({ ...client, redirectUri: "http://127.0.0.1:43111/elsewhere" }, code, verifier),
      400,
      "invalid_grant",
    );
  });
});

describe("resource indicators (RFC 8707)", () => {
  for (const endpoint of ["/mcp", "/sse"]) {
    it(`maps resource=${ORIGIN}${endpoint} onto the origin resource at authorize, token and refresh`, async () => {
      const resource = `${ORIGIN}${endpoint}`;
      const client = await registerClient();
      const { form, verifier } = await beginAuthorization(client, { resource });
      expect(form.status).toBe(200);
      const tokens = await tokensFrom(
        await exchangeCode(client, await codeFrom(await submitConsent(form)), verifier, { resource }),
      );
      expect(tokens.resource ?? ORIGIN).toBe(ORIGIN);
      expect(await initializeStatus(tokens.access_token)).toBe(200);
      const refreshed = await tokensFrom(await refreshTokens(client, tokens.refresh_token ?? "", { resource }));
      expect(await initializeStatus(refreshed.access_token)).toBe(200);
    });
  }

  it("accepts the origin itself as the resource", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client, { resource: ORIGIN });
    expect(form.status).toBe(200);
    await tokensFrom(
      await exchangeCode(client, await codeFrom(await submitConsent(form)), verifier, { resource: ORIGIN }),
    );
  });

  it("does not start consent for a foreign resource at authorize", async () => {
    const client = await registerClient();
    const { form } = await beginAuthorization(client, { resource: "http://evil.example" });
    expect(form.status).toBeGreaterThanOrEqual(300);
    expect(form.status).toBeLessThan(500);
    expect(form.handle).toBe("");
    expect(form.cookie).toBe("");
  });

  // Once client and redirect URI are validated, errors go back to the client (RFC 6749 §4.1.2.1,
  // RFC 8707 §2); a local page would leave the client waiting. Regression for an early version.
  it("answers a foreign resource at authorize with a redirect carrying error=invalid_target and the state", async () => {
    const client = await registerClient();
    const { challenge } = await pkcePair();
    const response = await send(
      authorizeUrl(client, challenge, { resource: "http://evil.example", state: "st-evil" }),
      { redirect: "manual" },
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location") ?? "", ORIGIN);
    expect(`${location.origin}${location.pathname}`).toBe(client.redirectUri);
    expect(location.searchParams.get("error")).toBe("invalid_target");
    expect(location.searchParams.get("state")).toBe("st-evil");
  });

  it("refuses a foreign resource at the token endpoint with invalid_target", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client);
    const code = await codeFrom(await submitConsent(form));
    await expectTokenError(
      await exchangeCode(client, code, verifier, { resource: "http://evil.example" }),
      400,
      "invalid_target",
    );
    const tokens = (await signIn({ client })).tokens;
    await expectTokenError(
      await refreshTokens(client, tokens.refresh_token ?? "", { resource: "http://evil.example/mcp" }),
      400,
      "invalid_target",
    );
  });

  it("does not alias another origin's /mcp", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client);
    const code = await codeFrom(await submitConsent(form));
    await expectTokenError(
      await exchangeCode(client, code, verifier, { resource: "http://localhost:8787/mcp" }),
      400,
      "invalid_target",
    );
  });
});

describe("clients and grants", () => {
  it("answers a refresh for a deleted client with 401 invalid_client, which makes Claude re-register", async () => {
    const { client, tokens } = await signIn();
    await oauthApi().deleteClient(client.clientId);
    await expectTokenError(await refreshTokens(client, tokens.refresh_token ?? ""), 401, "invalid_client");
  });

  it("answers a token request from an unknown client with 401 invalid_client", async () => {
    const { client, tokens } = await signIn();
    await expectTokenError(
      await refreshTokens({ ...client, clientId: "no-such-client" }, tokens.refresh_token ?? ""),
      401,
      "invalid_client",
    );
  });

  it("stores the owner's grant under a ':'-free userId, with the client's name in its metadata", async () => {
    const client = await registerClient("Grant Metadata Client");
    const { tokens } = await signIn({ client });
    const api = oauthApi();
    const token = await api.unwrapToken(tokens.access_token);
    if (!token) throw new Error("access token did not unwrap");
    expect(token.userId).not.toContain(":");
    expect(decodeURIComponent(token.userId)).toBe(OWNER_SUBJECT);
    expect(token.grant.props).toMatchObject({
      userId: token.userId,
      identity: "passphrase",
      clientName: "Grant Metadata Client",
    });

    const grants = await api.listUserGrants(token.userId);
    const grant = grants.items.find((item) => item.id === token.grantId);
    expect(grant).toBeDefined();
    expect(grant?.clientId).toBe(client.clientId);
    expect(grant?.userId).toBe(token.userId);
    expect(grant?.metadata).toMatchObject({ clientName: "Grant Metadata Client", identity: "passphrase" });
  });

  it("keeps earlier grants of the same client when the owner signs in again (another window or device)", async () => {
    const client = await registerClient("Two Windows");
    const first = (await signIn({ client })).tokens;
    const second = (await signIn({ client })).tokens;
    expect(await initializeStatus(first.access_token)).toBe(200);
    expect(await initializeStatus(second.access_token)).toBe(200);
    await tokensFrom(await refreshTokens(client, first.refresh_token ?? ""));
  });
});
