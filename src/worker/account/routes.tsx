import { Hono } from "hono";
import { StatusPage } from "../../web/account/status-page";
import { pageSecurityHeaders } from "../../web/layout";
import { consoleActivityRoutes } from "./activity";
import { consoleAppsRoutes } from "./apps";
import { type ConsoleEnv, requireOwner } from "./require-owner";
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

accountRoutes.get("/account/status", requireOwner(), (c) => {
  const page = <StatusPage viewer={c.var.owner} facts={statusFacts(c.env)} />;
  return c.html(`<!doctype html>${page}`, 200, pageSecurityHeaders());
});

// "/account/" reads as the console too.
accountRoutes.get("/account/", (c) => c.redirect("/account", 301));
