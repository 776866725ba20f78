/**
 * Refuse credentials of a shape this server never issues before anything looks them up. The provider
 * builds KV keys from them (`client:<id>`, `grant:<userId>:<grantId>`, `token:<userId>:<grantId>:<hash>`),
 * and KV throws on a key over 512 bytes: a 10 kB token used to end as a 503 and a crash log line.
 *
 * The shapes come from `@cloudflare/workers-oauth-provider` 1.2: tokens and authorization codes are
 * `userId:grantId:secret`, the grant id 16 and the secret 32 characters of its URL-safe alphabet
 * (`ISSUED_GRANT_ID_PATTERN`, `TOKEN_LENGTH`, `generateRandomString`); registered client ids are 16
 * such characters. User ids are Outpost's (`encodeUserId`: percent-encoded, so `[A-Za-z0-9._%-]`).
 */

import { UNKNOWN_CLIENT } from "../auth/authorize-errors";
import { oauthError } from "../auth/oauth-error";
import { MCP_PATH, SSE_PATH } from "../mcp/endpoint-paths";
import { httpError, wantsPage } from "./http-error";
import { MAX_TOKEN_FORM_BYTES, readTokenForm, tokenClientId } from "./token-form";

const KV_MAX_KEY_BYTES = 512;
/** `token:` + userId + `:` + 16-character grant id + `:` + 64 hex characters of SHA-256: the longest key built from a token. */
const TOKEN_KEY_OVERHEAD = "token:".length + 1 + 16 + 1 + 64;

export const CREDENTIAL_LIMITS = {
  /** The longest user id whose token keys still fit in KV. */
  maxUserIdChars: KV_MAX_KEY_BYTES - TOKEN_KEY_OVERHEAD,
  /** Client ID Metadata Document URLs (and loopback ones, stored as `client:<url>`). */
  maxClientIdUrlChars: 500,
  maxTokenFormBytes: MAX_TOKEN_FORM_BYTES,
} as const;

const USER_ID = new RegExp(`^[A-Za-z0-9._%-]{1,${CREDENTIAL_LIMITS.maxUserIdChars}}$`);
const GRANT_ID = /^[A-Za-z0-9_-]{16}$/;
const SECRET = /^[A-Za-z0-9_-]{32}$/;
const REGISTERED_CLIENT_ID = /^[A-Za-z0-9_-]{16}$/;
/** Printable ASCII without spaces, quotes or backslashes (what the provider's URL checks accept). */
const CLIENT_ID_URL = /^https?:\/\/[!#-[\]-~]+$/i;

/** Whether `token` could be an access token, refresh token or authorization code this server issued. */
export function isIssuedTokenShape(token: string): boolean {
  const parts = token.split(":");
  return parts.length === 3 && USER_ID.test(parts[0]!) && GRANT_ID.test(parts[1]!) && SECRET.test(parts[2]!);
}

/** Whether `clientId` could name a client: a registered id, or a metadata document URL. */
export function isClientIdShape(clientId: string): boolean {
  return (
    REGISTERED_CLIENT_ID.test(clientId) ||
    (clientId.length <= CREDENTIAL_LIMITS.maxClientIdUrlChars && CLIENT_ID_URL.test(clientId))
  );
}

const BEARER = /^Bearer[\t ]+(\S+)$/i;

/**
 * The request with its credentials checked: a refusal, or the request to go on with. On the MCP
 * endpoints a malformed bearer token is dropped, so the provider answers its normal 401 challenge
 * (which sends the client to sign in) without looking anything up.
 */
export async function screenCredentials(request: Request): Promise<Request | Response> {
  const path = new URL(request.url).pathname;
  if (isApiPath(path)) {
    const token = BEARER.exec(request.headers.get("Authorization") ?? "")?.[1];
    if (token === undefined || isIssuedTokenShape(token)) return request;
    const headers = new Headers(request.headers);
    headers.delete("Authorization");
    return new Request(request, { headers });
  }
  if (path === "/authorize") {
    const clientId = new URL(request.url).searchParams.get("client_id");
    if (clientId === null || isClientIdShape(clientId)) return request;
    // No redirect: the client is unknown, so its redirect_uri cannot be trusted (RFC 6749 §4.1.2.1).
    // A browser gets the page an unknown registration gets; anything else the OAuth error.
    if (wantsPage(request)) return httpError(request, { status: 400, error: "invalid_request", ...UNKNOWN_CLIENT });
    return oauthError(400, "invalid_request", `${CLIENT_ID_HINT} Start the connection again from your MCP client.`);
  }
  const form = await readTokenForm(request);
  if (form === undefined) return request;
  return screenTokenForm(request, form) ?? request;
}

const CLIENT_ID_HINT =
  `client_id is not a client id this server issued (16 letters, digits, "-" or "_") ` +
  `or a client metadata document URL of at most ${CREDENTIAL_LIMITS.maxClientIdUrlChars} characters.`;

function screenTokenForm(request: Request, form: URLSearchParams | "too_large"): Response | undefined {
  if (form === "too_large") {
    return oauthError(
      400,
      "invalid_request",
      `The token request body is over ${MAX_TOKEN_FORM_BYTES} bytes; a token request is a few hundred.`,
    );
  }
  const { clientId, viaBasic } = tokenClientId(request, form);
  if (clientId && !isClientIdShape(clientId)) {
    // RFC 6749 §5.2: a client that tried HTTP Basic gets a Basic challenge with invalid_client.
    return oauthError(
      401,
      "invalid_client",
      `${CLIENT_ID_HINT} Register the client again.`,
      viaBasic ? { "WWW-Authenticate": 'Basic realm="OAuth"' } : undefined,
    );
  }
  const grantType = form.get("grant_type");
  const code = form.get("code");
  if (grantType === "authorization_code" && code && !isIssuedTokenShape(code)) {
    return oauthError(
      400,
      "invalid_grant",
      "The authorization code is not one this server issued. Start the sign-in again.",
    );
  }
  const refreshToken = form.get("refresh_token");
  if (grantType === "refresh_token" && refreshToken && !isIssuedTokenShape(refreshToken)) {
    return oauthError(400, "invalid_grant", "The refresh token is not one this server issued. Sign in again.");
  }
  const revoked = form.get("token");
  if (!grantType && revoked && !isIssuedTokenShape(revoked)) {
    // RFC 7009 §2.2: a token the server did not issue is not an error; there is nothing to revoke.
    return new Response(null, { status: 200, headers: { "Cache-Control": "no-store" } });
  }
  return undefined;
}

function isApiPath(path: string): boolean {
  return [MCP_PATH, SSE_PATH].some((root) => path === root || path.startsWith(`${root}/`));
}
