/**
 * What the two template baselines share, written the way the public templates write it: a health
 * probe (so one readiness check serves every benchmarked worker), an /authorize page that approves
 * every request at once as one fixed user (the templates' "fake login", no consent and no guards),
 * and OAuthProvider in front of the MCP endpoint each template brings.
 */
import { type OAuthHelpers, OAuthProvider, type OAuthProviderOptions } from "@cloudflare/workers-oauth-provider";
import { Hono } from "hono";

interface TemplateEnv {
  OAUTH_KV: KVNamespace;
  OAUTH_PROVIDER: OAuthHelpers;
}

type McpRoutes<E> = Pick<OAuthProviderOptions<E>, "apiRoute" | "apiHandler" | "apiHandlers">;

export function templateWorker<E extends TemplateEnv>(name: string, routes: McpRoutes<E>): ExportedHandler<E> {
  const app = new Hono<{ Bindings: E }>();
  app.get("/health", (c) => c.json({ status: "ok", name }));
  app.get("/authorize", async (c) => {
    const request = await c.env.OAUTH_PROVIDER.parseAuthRequest(c.req.raw);
    const { redirectTo } = await c.env.OAUTH_PROVIDER.completeAuthorization({
      request,
      userId: "bench-user",
      metadata: { label: "bench" },
      scope: request.scope,
      props: { userId: "bench-user" },
    });
    return c.redirect(redirectTo, 302);
  });

  // OAuthProvider 1.x needs the protected resource up front; the templates deploy to one hostname,
  // so the first request's origin stands in for that fixed value.
  let provider: OAuthProvider<E> | undefined;
  return {
    fetch(request, env, ctx) {
      provider ??= new OAuthProvider<E>({
        ...routes,
        defaultHandler: app as unknown as ExportedHandler<E>,
        authorizeEndpoint: "/authorize",
        tokenEndpoint: "/token",
        clientRegistrationEndpoint: "/register",
        resourceMetadata: { resource: new URL(request.url).origin },
      } as OAuthProviderOptions<E>);
      return provider.fetch(request as Request, env, ctx);
    },
  };
}
