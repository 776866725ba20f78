import type { GrantSummary } from "@cloudflare/workers-oauth-provider";
import { Hono } from "hono";
import { messagePage } from "../../auth/responses";
import { AppsPage, type ConnectedApp } from "../../web/account/apps-page";
import { shownName } from "../../web/client-name";
import { pageSecurityHeaders } from "../../web/layout";
import { openUserWorkspace } from "../../workspace/open";
import { type ConsoleEnv, requireOwner } from "./require-owner";

/** Grants listed: the provider pages by 1000 at most; nobody has more apps than a page shows. */
export const MAX_LISTED_GRANTS = 200;

/** `/account`: the signed-in user's connected apps, and Revoke. */
export const consoleAppsRoutes = new Hono<ConsoleEnv>();

consoleAppsRoutes.get("/account", requireOwner(), async (c) => {
  const owner = c.var.owner;
  const oauth = c.env.OAUTH_PROVIDER;
  const [listing, lastUse] = await Promise.all([
    oauth.listUserGrants(owner.userId, { limit: MAX_LISTED_GRANTS }),
    openUserWorkspace(c.env, owner.userId).lastToolCallByGrant(),
  ]);
  const apps = await Promise.all(listing.items.map((grant) => describeApp(c.env, grant, lastUse[grant.id])));
  apps.sort((a, b) => b.approvedAt - a.approvedAt);
  const notice =
    c.req.query("revoked") !== undefined
      ? "Revoked. That app's keys no longer work and its open sessions have ended."
      : undefined;
  const page = <AppsPage viewer={owner} apps={apps} notice={notice} more={listing.cursor !== undefined} />;
  return c.html(`<!doctype html>${page}`, 200, pageSecurityHeaders());
});

consoleAppsRoutes.post("/account/apps/revoke", requireOwner(), async (c) => {
  const grantId = c.var.form.get("grant");
  if (typeof grantId !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(grantId)) {
    return messagePage(
      400,
      "Nothing to revoke",
      "The form named no app. Reload the console and use an app's Revoke button.",
    );
  }
  // revokeGrant is keyed by this user's id: another user's grant id finds nothing to delete.
  await c.env.OAUTH_PROVIDER.revokeGrant(grantId, c.var.owner.userId);
  return new Response(null, { status: 303, headers: { Location: "/account?revoked", "Cache-Control": "no-store" } });
});

async function describeApp(env: Env, grant: GrantSummary, lastToolCallAt: number | undefined): Promise<ConnectedApp> {
  const metadata = (grant.metadata ?? {}) as {
    clientName?: unknown;
    displayName?: unknown;
    identity?: unknown;
    email?: unknown;
  };
  const client = await env.OAUTH_PROVIDER.lookupClient(grant.clientId).catch(() => null);
  const name =
    typeof metadata.clientName === "string" && metadata.clientName
      ? metadata.clientName
      : (client?.clientName ?? grant.clientId);
  return {
    grantId: grant.id,
    clientId: grant.clientId,
    name: shownName(name),
    ...(verifiedDomain(grant.clientId) ? { domain: verifiedDomain(grant.clientId) } : {}),
    scopes: grant.scope.filter((scope) => scope !== "offline_access"),
    approvedAt: grant.createdAt * 1000,
    ...(grant.expiresAt ? { expiresAt: grant.expiresAt * 1000 } : {}),
    ...(lastToolCallAt ? { lastToolCallAt } : {}),
    signedInAs: typeof metadata.displayName === "string" ? metadata.displayName : "unknown",
    method: typeof metadata.identity === "string" ? metadata.identity : "unknown",
    ...(typeof metadata.email === "string" ? { email: metadata.email } : {}),
  };
}

/**
 * A client whose id is an https URL is a Client ID Metadata Document the provider fetched from that
 * host: its domain is verified, as the consent page says (the provider's `clientDomain`).
 */
function verifiedDomain(clientId: string): string | undefined {
  if (!clientId.startsWith("https://")) return undefined;
  try {
    return new URL(clientId).hostname;
  } catch {
    return undefined;
  }
}
