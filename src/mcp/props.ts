/**
 * What a session knows about its caller. Built fresh from the access token on every request
 * (see worker/mcp-endpoint.ts) and pushed into the session object, so a re-authorization with
 * other scopes, or another user, is never served from stale props (platform.md §2, defect 1).
 * A `type`, not an `interface`: McpAgent requires `Record<string, unknown>`.
 */
export type SessionProps = {
  /** Stable user id as stored in grants (encoded: no `:`). */
  userId: string;
  /** Name to show in tools and pages. */
  displayName: string;
  /** How the user proved who they are ("passphrase", later "github", "oidc"). */
  identity: string;
  /** OAuth client the token was issued to, and its self-declared name. */
  clientId: string;
  clientName: string;
  /** Scopes the access token carries. */
  scopes: string[];
  /** The public origin this request reached (PUBLIC_URL, or the request's own): where Outpost's pages are. */
  origin?: string;
  /**
   * The grant the token belongs to (the middle part of the provider's `userId:grantId:secret`
   * token). A session remembers it so a revoked grant's sessions refuse (mcp/agent.ts), and the
   * activity log uses it for "last used" per connected app.
   */
  grantId?: string;
};

/** What the grant stores at authorization time; scopes and client come from the token itself. */
export type GrantProps = Pick<SessionProps, "userId" | "displayName" | "identity" | "clientName">;

/**
 * Encode an identity-provider subject so it is a valid provider `userId`: the provider splits tokens
 * on `:` (`userId:grantId:secret`), so `:` and anything non-URL-safe are percent-encoded.
 * @example encodeUserId("github:12345") === "github%3A12345"
 */
export function encodeUserId(subject: string): string {
  return encodeURIComponent(subject).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function decodeUserId(userId: string): string {
  return decodeURIComponent(userId);
}
