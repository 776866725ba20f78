/**
 * The stateless baseline, written the way Cloudflare's current MCP server docs show it
 * (agents `docs/mcp-servers.md`, "Authentication"): a module-scope `createMcpHandler` from
 * `agents/mcp/server`, a factory building an SDK v2 McpServer with one `add` tool per request, and
 * OAuthProvider in front with the same approve-at-once /authorize as the McpAgent template
 * (bench/shared/template-worker.ts). It is what Outpost's 2026-07-28 leg is measured against.
 */
import type { OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { McpServer } from "@modelcontextprotocol/server";
import { createMcpHandler } from "agents/mcp/server";
import { z } from "zod";
import { templateWorker } from "../../shared/template-worker";

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

// OAuthProvider needs an object with a fetch method (agents docs/mcp-servers.md).
export default templateWorker<Env>("bench-stateless", {
  apiRoute: "/mcp",
  apiHandler: { fetch: (request, env, ctx) => mcpHandler(request, env, ctx) },
});
