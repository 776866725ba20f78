import { Hono } from "hono";
import { authorizeRoutes } from "../auth/authorize";
import { callbackRoutes } from "../auth/callback";
import { readIdentityConfig } from "../auth/identity-config";
import { signInMethods } from "../auth/upstream";
import { publicOrigin, requestConfig } from "../config";
import { isLoopbackOrigin } from "../lib/host-name";
import { logEvent } from "../lib/log";
import { SERVER_INFO } from "../mcp/agent";
import { installedToolkits } from "../mcp/installed-toolkits";
import { copyScriptHash } from "../web/copy-script";
import { HomePage } from "../web/home-page";
import { pageSecurityHeaders } from "../web/layout";
import { clientsApiRoutes } from "./account/clients-api";
import { doctorRunsApiRoutes } from "./account/doctor-runs-api";
import { accountRoutes } from "./account/routes";
import { accountChannelRoutes } from "./account-channels";
import { httpError } from "./http-error";

/** Everything that is not OAuth protocol or MCP: consent, identity-provider callbacks, the owner's console, the docs page, health. */
export const app = new Hono<{ Bindings: Env }>();

app.route("/", authorizeRoutes);
app.route("/", callbackRoutes);
app.route("/", clientsApiRoutes);
app.route("/", doctorRunsApiRoutes);
app.route("/", accountChannelRoutes);
app.route("/", accountRoutes);

app.get("/", async (c) => {
  const origin = publicOrigin(requestConfig(c.env), c.req.url);
  const page = (
    <HomePage
      origin={origin}
      toolkits={installedToolkits().toolkits}
      signIn={signInMethods(readIdentityConfig(c.env))}
      local={isLoopbackOrigin(origin)}
    />
  );
  return c.html(`<!doctype html>${page}`, 200, pageSecurityHeaders([], [await copyScriptHash()]));
});

app.get("/health", (c) =>
  c.json({ status: "ok", name: SERVER_INFO.name, version: SERVER_INFO.version }, 200, { "Cache-Control": "no-store" }),
);

app.notFound((c) =>
  httpError(c.req.raw, {
    status: 404,
    error: "not_found",
    title: "Nothing here",
    message: `Nothing at ${new URL(c.req.url).pathname.slice(0, 200)}. The MCP endpoint is /mcp.`,
    hint: "The home page, /, explains how to connect.",
  }),
);

app.onError((error, c) => {
  const reference = crypto.randomUUID().slice(0, 8);
  logEvent("unhandled_error", {
    path: new URL(c.req.url).pathname,
    reference,
    error: `${error.name}: ${error.message}`,
  });
  return httpError(c.req.raw, {
    status: 503,
    error: "temporarily_unavailable",
    title: "Something went wrong",
    message: `Outpost could not finish this request (reference ${reference}). Try again shortly.`,
    hint: isLoopbackOrigin(new URL(c.req.url).origin)
      ? "The terminal running npm run dev shows what failed, under the same reference."
      : "If it keeps happening, give the reference to whoever runs this connector.",
  });
});
