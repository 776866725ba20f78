/** A ToolContext for calling one tool directly inside workerd, with the real bindings and a chosen output cap. */
import { env } from "cloudflare:workers";
import { readConfig } from "../../src/config";
import { catalogOf } from "../../src/mcp/catalog";
import type { ToolContext, ToolDefinition } from "../../src/mcp/define";
import { runTool } from "../../src/mcp/run-tool";
import { userContext } from "../../src/mcp/user-context";
import type { CallToolResult } from "../../src/mcp/wire";
import { toolkits } from "../../src/toolkits";
import { memorySessionStore } from "../mcp/memory-session-store";

export function toolContext(userId: string, scopes: string[], maxTokens: number): ToolContext {
  return {
    props: { userId, displayName: "Test", identity: "test", clientId: "c", clientName: "C", scopes },
    session: memorySessionStore("streamable-http"),
    ...userContext({ env, userId }),
    env,
    config: { ...readConfig(env), toolOutputMaxTokens: maxTokens },
    signal: new AbortController().signal,
    progress: async () => {},
    log: async () => {},
  };
}

const catalogued = new Map(catalogOf(toolkits).tools.map((tool) => [tool.name, tool]));

/**
 * Run a tool as the MCP server would (scope check, handler, output cap; this context asks no
 * confirmation): a registered tool as the catalog serves it, its `ctx.env` holding only what its
 * toolkit declares, so a tool reading an undeclared binding fails here too.
 */
export function call(tool: ToolDefinition, args: Record<string, unknown>, ctx: ToolContext): Promise<CallToolResult> {
  return runTool(catalogued.get(tool.name) ?? tool, tool.input.parse(args), ctx) as Promise<CallToolResult>;
}

export function textOf(result: CallToolResult): string {
  return result.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n");
}
