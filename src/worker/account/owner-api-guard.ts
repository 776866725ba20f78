import type { MiddlewareHandler } from "hono";
import { oauthError } from "../../auth/oauth-error";
import { authenticateOwner } from "../../auth/owner-api-auth";
import { publicOrigin, requestConfig } from "../../config";

/**
 * The guard of every `/account/api/*` route: same-origin or no browser at all (a foreign Origin is
 * refused before any passphrase is read), then the owner passphrase over HTTP Basic, through the
 * sign-in throttle (`owner-api-auth.ts`).
 */
export const ownerApiGuard: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const origin = publicOrigin(requestConfig(c.env), c.req.url);
  const from = c.req.raw.headers.get("Origin");
  if (from !== null && from !== origin) {
    return oauthError(
      403,
      "forbidden_origin",
      "This API is for command-line tools and this server's own pages, not other sites.",
    );
  }
  const auth = await authenticateOwner(c.req.raw, c.env);
  if (!auth.ok) return oauthError(auth.status, auth.error, auth.description, auth.headers);
  await next();
};
