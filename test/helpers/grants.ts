/**
 * Grants for identities other than the owner. Passphrase sign-in has a single user, but sessions
 * must be bound to users: these helpers complete an authorization through the provider's own API,
 * exactly as a future identity method would, and exchange the code at the real token endpoint.
 */
import { env } from "cloudflare:workers";
import { getOAuthApi } from "@cloudflare/workers-oauth-provider";
import { readConfig } from "../../src/config";
import { encodeUserId, type GrantProps } from "../../src/mcp/props";
import { oauthOptions } from "../../src/worker/oauth";
import { ALL_SCOPES, authorizeUrl, ORIGIN, pkcePair, registerClient, type Tokens, tokenRequest } from "./worker";

export function oauthHelpers() {
  return getOAuthApi(oauthOptions(ORIGIN, readConfig(env), { fetch: () => new Response(null, { status: 404 }) }), env);
}

/** Tokens for `subject` (e.g. "test:bob") with the given scopes, through a freshly registered client. */
export async function tokensFor(subject: string, scopes: string[] = ALL_SCOPES): Promise<Tokens> {
  return (await grantFor(subject, scopes)).tokens;
}

/** `tokensFor`, also naming the grant's user id and client id (what server-side state is bound to). */
export async function grantFor(
  subject: string,
  scopes: string[] = ALL_SCOPES,
): Promise<{ tokens: Tokens; userId: string; clientId: string }> {
  const client = await registerClient(`Client of ${subject}`);
  const { verifier, challenge } = await pkcePair();
  const oauth = oauthHelpers();
  const authRequest = await oauth.parseAuthRequest(
    new Request(new URL(authorizeUrl(client, challenge, { scope: scopes.join(" ") }), ORIGIN)),
  );
  const props: GrantProps = {
    userId: encodeUserId(subject),
    displayName: subject,
    identity: "test",
    clientName: `Client of ${subject}`,
  };
  const { redirectTo } = await oauth.completeAuthorization({
    request: authRequest,
    userId: props.userId,
    metadata: {},
    scope: scopes,
    props,
    revokeExistingGrants: false,
  });
  const code = new URL(redirectTo).searchParams.get("code") ?? "";
  const response = await tokenRequest({
    grant_type: "authorization_code",
    code,
    redirect_uri: client.redirectUri,
    client_id: client.clientId,
    code_verifier: verifier,
  });
  if (response.status !== 200) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  return { tokens: (await response.json()) as Tokens, userId: props.userId, clientId: client.clientId };
}
