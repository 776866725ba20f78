/**
 * The template baseline, written the way the public remote-MCP templates are: an McpAgent with one
 * `add` tool, OAuthProvider in front, and an /authorize page that approves every request at once
 * (the templates' "fake login"). Nothing here checks Origin, binds sessions or wraps tools: it is
 * the cost Outpost's hardening is measured against.
 */
import { OAuthProvider, type OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpAgent } from "agents/mcp";
import { Hono } from "hono";
import { z } from "zod";

interface Env {
  OAUTH_KV: KVNamespace;
  MCP_OBJECT: DurableObjectNamespace;
  OAUTH_PROVIDER: OAuthHelpers;
}

type Props = { userId: string };

export class MyMCP extends McpAgent<Env, Record<string, never>, Props> {
  server = new McpServer({ name: "Template baseline", version: "1.0.0" });

  async init(): Promise<void> {
    this.server.registerTool(
      "add",
      { description: "Add two numbers.", inputSchema: { a: z.number(), b: z.number() } },
      async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }),
    );
  }
}

const app = new Hono<{ Bindings: Env }>();

// Health, so the same readiness probe works for every benchmarked worker.
app.get("/health", (c) => c.json({ status: "ok", name: "bench-template" }));

// The templates' stand-in for a login page: approve whatever was asked, as one fixed user.
app.get("/authorize", async (c) => {
  const request = await c.env.OAUTH_PROVIDER.parseAuthRequest(c.req.raw);
  const { redirectTo } = await c.env.OAUTH_PROVIDER.completeAuthorization({
    request,
    userId: "bench-user",
    metadata: { label: "bench" },
    scope: request.scope,
    props: { userId: "bench-user" } satisfies Props,
  });
  return c.redirect(redirectTo, 302);
});

// OAuthProvider 1.x needs the protected resource up front; the templates deploy to one hostname, so
// the first request's origin stands in for that fixed value.
let provider: OAuthProvider<Env> | undefined;

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    provider ??= new OAuthProvider<Env>({
      apiHandlers: { "/mcp": MyMCP.serve("/mcp"), "/sse": MyMCP.serveSSE("/sse") },
      defaultHandler: app as unknown as ExportedHandler<Env>,
      authorizeEndpoint: "/authorize",
      tokenEndpoint: "/token",
      clientRegistrationEndpoint: "/register",
      resourceMetadata: { resource: new URL(request.url).origin },
    });
    return provider.fetch(request, env, ctx);
  },
};
