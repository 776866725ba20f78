import { Hono } from "hono";
import { checkCsrf } from "../../auth/console-session";
import { publicOrigin, requestConfig } from "../../config";
import { CHANNELS_PAGE } from "../../web/account/nav";
import { StatusPage } from "../../web/account/status-page";
import { pageSecurityHeaders } from "../../web/layout";
import { consoleActivityRoutes } from "./activity";
import { consoleAppsRoutes } from "./apps";
import { channelsRoutes } from "./channels-routes";
import { consoleClientsRoutes } from "./clients";
import { recentDoctorRuns } from "./doctor-runs";
import { type ConsoleEnv, consoleSessionOf, requireOwner } from "./require-owner";
import { consoleSignInRoutes } from "./sign-in";
import { statusFacts } from "./status";

/**
 * The owner's console under `/account` (docs/console.md). Sign-in is open; every other page mounts
 * `requireOwner()`. A new page adds its routes here and its entry in src/web/account/nav.ts.
 */
export const accountRoutes = new Hono<ConsoleEnv>();

accountRoutes.route("/", consoleSignInRoutes);
accountRoutes.route("/", consoleAppsRoutes);
accountRoutes.route("/", consoleActivityRoutes);
accountRoutes.route("/", consoleClientsRoutes);

// Notification channels (channels-routes.ts): a page that reads its own forms, so the guard here only
// sends a signed-out browser to sign in; every POST checks the session's CSRF token itself.
accountRoutes.on(["GET", "HEAD"], [CHANNELS_PAGE, `${CHANNELS_PAGE}/*`], requireOwner());
accountRoutes.route(
  CHANNELS_PAGE,
  channelsRoutes({
    basePath: CHANNELS_PAGE,
    currentUser: async (c) => (await consoleSessionOf(c))?.userId,
    csrfToken: async (c) => (await consoleSessionOf(c))?.csrf ?? "",
    verifyCsrf: async (c, token) => {
      const session = await consoleSessionOf(c);
      return session !== undefined && (await checkCsrf(session, token));
    },
    viewer: consoleSessionOf,
  }),
);

accountRoutes.get("/account/status", requireOwner(), async (c) => {
  const [lastDoctorRun] = await recentDoctorRuns(c.env.OAUTH_KV);
  const origin = publicOrigin(requestConfig(c.env), c.req.url);
  const page = (
    <StatusPage viewer={c.var.owner} facts={statusFacts(c.env)} doctor={{ lastRun: lastDoctorRun, origin }} />
  );
  return c.html(`<!doctype html>${page}`, 200, pageSecurityHeaders());
});

// "/account/" reads as the console too.
accountRoutes.get("/account/", (c) => c.redirect("/account", 301));
