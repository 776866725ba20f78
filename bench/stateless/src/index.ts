/**
 * The stateless baseline, written the way Cloudflare's current MCP server docs show it
 * (agents `docs/mcp-servers.md`, "Authentication"): a module-scope `createMcpHandler` from
 * `agents/mcp/server`, a factory building an SDK v2 McpServer with one `add` tool per request, and
 * OAuthProvider in front with an /authorize page that approves at once (the templates' "fake
 * login"), as in bench/template/. It is what Outpost's 2026-07-28 leg is measured against.
 */
import { OAuthProvider, type OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { McpServer } from "@modelcontextprotocol/server";
import { createMcpHandler } from "agents/mcp/server";
import { Hono } from "hono";
import { z } from "zod";

interface Env {
  OAUTH_KV: KVNamespace;
  OAUTH_PROVIDER: OAuthHelpers;
}

function createServer(): McpServer {
  const server = new McpServer({ name: "Stateless baseline", version: "1.0.0" });
  server.registerTool(
    "add",
    { description: "Add two numbers.", inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }),
  );
  return server;
}

const mcpHandler = createMcpHandler(createServer);

const app = new Hono<{ Bindings: Env }>();

// Health, so the same readiness probe works for every benchmarked worker.
app.get("/health", (c) => c.json({ status: "ok", name: "bench-stateless" }));

// The templates' stand-in for a login page: approve whatever was asked, as one fixed user.
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

// OAuthProvider 1.x needs the protected resource up front; a deployment names its one hostname,
// so the first request's origin stands in for that fixed value (as in bench/template/).
let provider: OAuthProvider<Env> | undefined;

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    provider ??= new OAuthProvider<Env>({
      apiRoute: "/mcp",
      apiHandler: { fetch: (req: Request, e: Env, c: ExecutionContext) => mcpHandler(req, e, c) },
      defaultHandler: app as unknown as ExportedHandler<Env>,
      authorizeEndpoint: "/authorize",
      tokenEndpoint: "/token",
      clientRegistrationEndpoint: "/register",
      resourceMetadata: { resource: new URL(request.url).origin },
    });
    return provider.fetch(request, env, ctx);
  },
};
