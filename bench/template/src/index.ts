/**
 * The McpAgent template baseline, written the way the public remote-MCP templates were: an McpAgent
 * with one `add` tool, OAuthProvider in front, and an /authorize page that approves every request
 * at once (bench/shared/template-worker.ts). Nothing here checks Origin, binds sessions or wraps
 * tools: it is the cost Outpost's 2025-era leg is measured against.
 */
import type { OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpAgent } from "agents/mcp";
import { z } from "zod";
import { templateWorker } from "../../shared/template-worker";

interface Env {
  OAUTH_KV: KVNamespace;
  MCP_OBJECT: DurableObjectNamespace;
  OAUTH_PROVIDER: OAuthHelpers;
}

export class MyMCP extends McpAgent<Env, Record<string, never>, { userId: string }> {
  server = new McpServer({ name: "Template baseline", version: "1.0.0" });

  async init(): Promise<void> {
    this.server.registerTool(
      "add",
      { description: "Add two numbers.", inputSchema: { a: z.number(), b: z.number() } },
      async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }),
    );
  }
}

export default templateWorker<Env>("bench-template", {
  apiHandlers: { "/mcp": MyMCP.serve("/mcp"), "/sse": MyMCP.serveSSE("/sse") },
});
