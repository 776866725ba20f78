import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Catalog } from "./catalog";
import { isGranted, requireScope, type ToolContext } from "./define";
import { installResourceHandlers } from "./resource-handlers";
import { runTool } from "./run-tool";
import { type RequestExtra, reportInvalidParams, wrapHandler } from "./sdk-v1-handler-table";
import { toolViewMeta } from "./views";
import type { CallToolResult, InputRequiredResult } from "./wire";

type ContextFactory = (extra: RequestExtra) => ToolContext;

/**
 * The 2025-era registrar: puts the catalog on the session object's SDK v1 McpServer. Every tool
 * runs through `runTool`; every resource read, prompt get and completion checks its scope; the list
 * methods show only what the session's grant allows (the grant can change within a session, on
 * re-authorization, so lists are filtered per request rather than registered per grant).
 */
export function registerToolkits(server: McpServer, catalog: Catalog, context: ContextFactory): void {
  const scopes = { tools: new Map<string, string | null>(), prompts: new Map<string, string | null>() };

  for (const tool of catalog.tools) {
    scopes.tools.set(tool.name, tool.scope);
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
        _meta: toolViewMeta(tool),
      },
      async (args: unknown, extra: RequestExtra) => sessionResult(await runTool(tool, args, context(extra))),
    );
  }
  for (const prompt of catalog.prompts) {
    scopes.prompts.set(prompt.name, prompt.scope);
    server.registerPrompt(
      prompt.name,
      { title: prompt.title, description: prompt.description, argsSchema: prompt.args },
      async (args: unknown, extra: RequestExtra) => {
        const ctx = context(extra);
        requireScope(ctx.props.scopes, prompt.scope, `The ${prompt.name} prompt`);
        return { ...(await prompt.get(args as never, ctx)) };
      },
    );
  }

  filterListByScope(server, "tools/list", "tools", scopes.tools, context);
  filterListByScope(server, "prompts/list", "prompts", scopes.prompts, context);
  installResourceHandlers(server, catalog, context);
  // Last, so it also covers the handlers installed above.
  reportInvalidParams(server);
}

/**
 * A session's confirmation channel waits for the user's answer over the session (elicitation/create),
 * so a 2025-era call always completes; `input_required` exists only in 2026-07-28 (MRTR).
 */
function sessionResult(result: CallToolResult | InputRequiredResult): CallToolResult {
  if ("resultType" in result) throw new Error("A 2025-era tool call cannot return input_required");
  return result;
}

/**
 * Show only what the grant allows. `tool.disable()` would hide a tool but turn a call into "Tool X
 * disabled" instead of naming the missing scope, so lists are filtered here and calls are checked
 * in `runTool`.
 */
function filterListByScope(
  server: McpServer,
  method: string,
  field: string,
  scopeOf: Map<string, string | null>,
  context: ContextFactory,
): void {
  wrapHandler(server, method, (original) => async (request, extra) => {
    const result = await original(request, extra);
    const granted = context(extra).props.scopes;
    const items = result[field] as { name: string }[];
    return {
      ...result,
      [field]: items.filter((item) => scopeOf.has(item.name) && isGranted(granted, scopeOf.get(item.name) ?? null)),
    };
  });
}
