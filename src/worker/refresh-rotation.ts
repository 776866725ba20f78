/**
 * Refresh token rotation with reuse detection (RFC 9700 §4.14.2), around the provider's token
 * endpoint. The provider rotates refresh tokens but keeps accepting the previous one until its
 * successor is used, and answers a replay of an older one with a plain `invalid_grant`. A stolen
 * token could so be raced against its owner without the grant ever ending.
 *
 * Policy: a rotated refresh token is accepted once more within `graceSeconds` of its rotation (a
 * client whose response was lost retries with the token it still has). Any other use of a rotated
 * token — after the window, a second retry, or a retry after the successor was used — revokes the
 * whole grant: every access and refresh token of it stops working, and the owner signs in again.
 * The successor a grace retry replaced is treated as rotated too, so whoever holds it ends the grant.
 *
 * What is kept: per rotated token, the SHA-256 of the token (never the token) with the time it was
 * rotated, whether its retry was used, and the hash of its successor, for as long as a grant can
 * live. KV is eventually consistent across locations (up to about 60 s), so a replay at another
 * location within that time may not be seen as one; the provider's own check still applies there.
 */
import type { OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { oauthError } from "../auth/oauth-error";
import { GRANT_LIFETIME_SECONDS } from "../auth/token-lifetimes";
import { logEvent } from "../lib/log";
import { sha256Hex } from "../notify/crypto";

export const REFRESH_REUSE = {
  /** How long after a rotation the rotated token may be presented once more. */
  graceSeconds: 60,
  /** How long a rotation is remembered: as long as the grant it belongs to can live. */
  recordSeconds: GRANT_LIFETIME_SECONDS,
  keyPrefix: "refresh-rotated:",
} as const;

interface Rotation {
  /** Unix seconds. */
  rotatedAt: number;
  /** The one retry within the grace window was used. */
  retried: boolean;
  /** SHA-256 of the refresh token the rotation issued. */
  successor?: string;
}

export interface RefreshOptions {
  /** The refresh token presented (already checked to have the provider's shape). */
  refreshToken: string;
  kv: KVNamespace;
  /** The provider's token endpoint, for this request. */
  forward: () => Promise<Response>;
  oauth: () => OAuthHelpers;
}

/** Serve a `refresh_token` grant with reuse detection. */
export async function refreshWithReuseDetection(options: RefreshOptions): Promise<Response> {
  const { refreshToken, kv } = options;
  const hash = await sha256Hex(refreshToken);
  const rotation = await kv.get<Rotation>(key(hash), "json");
  const now = Math.floor(Date.now() / 1000);

  if (!rotation) {
    const response = await options.forward();
    const successor = await issuedRefreshToken(response);
    if (successor) await remember(kv, hash, { rotatedAt: now, retried: false, successor: await sha256Hex(successor) });
    return response;
  }

  if (rotation.retried || now - rotation.rotatedAt > REFRESH_REUSE.graceSeconds) return endGrant(options, "replay");
  await remember(kv, hash, { ...rotation, retried: true });
  const response = await options.forward();
  const successor = await issuedRefreshToken(response);
  if (!successor) {
    // The provider refused the retry: the token it replaced was already used, so this is a replay.
    return (await errorCode(response)) === "invalid_grant"
      ? endGrant(options, "replay_after_successor_used")
      : response;
  }
  // The successor the lost response carried is dead now; whoever presents it was not its owner.
  if (rotation.successor) await remember(kv, rotation.successor, { rotatedAt: rotation.rotatedAt, retried: true });
  await remember(kv, hash, { ...rotation, retried: true, successor: await sha256Hex(successor) });
  return response;
}

function key(hash: string): string {
  return `${REFRESH_REUSE.keyPrefix}${hash}`;
}

async function remember(kv: KVNamespace, hash: string, rotation: Rotation): Promise<void> {
  try {
    await kv.put(key(hash), JSON.stringify(rotation), { expirationTtl: REFRESH_REUSE.recordSeconds });
  } catch (error) {
    // The provider has rotated the token already: failing now would lose the client its new tokens.
    // The replay goes unnoticed instead, and the provider's own check still applies.
    logEvent("refresh_rotation_unrecorded", { name: error instanceof Error ? error.name : typeof error });
  }
}

/** The refresh token a successful token response carries, read from a copy. */
async function issuedRefreshToken(response: Response): Promise<string | undefined> {
  if (!response.ok) return undefined;
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { refresh_token?: unknown } | undefined;
  return typeof body?.refresh_token === "string" ? body.refresh_token : undefined;
}

async function errorCode(response: Response): Promise<string | undefined> {
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: unknown } | undefined;
  return typeof body?.error === "string" ? body.error : undefined;
}

async function endGrant(options: RefreshOptions, reason: string): Promise<Response> {
  const [userId, grantId] = options.refreshToken.split(":") as [string, string];
  await options.oauth().revokeGrant(grantId, userId);
  logEvent("refresh_token_reuse", { reason });
  return oauthError(
    400,
    "invalid_grant",
    "This refresh token was already used, so the sign-in it belongs to has been ended in case the token was copied. Sign in again.",
  );
}
