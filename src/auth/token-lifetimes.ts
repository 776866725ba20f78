const HOUR = 3600;
const DAY = 24 * HOUR;

/** A grant, and so its refresh tokens, ends this long after sign-in; refreshing does not extend it. */
export const GRANT_LIFETIME_SECONDS = 30 * DAY;

/**
 * How long access lasts: the OAuth provider is configured with these (src/worker/oauth.ts), the
 * consent page says so, and the connector's config resource reports them.
 */
export const TOKEN_LIFETIMES = { accessTokenSeconds: HOUR, refreshTokenSeconds: GRANT_LIFETIME_SECONDS } as const;
