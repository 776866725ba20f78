import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { installCompletion } from "./completion";
import { isGranted, type RequestExtra, requireScope, resourceNotFound, type ToolContext, type Toolkit } from "./define";
import { installResourceHandlers } from "./resource-handlers";
import { runTool } from "./run-tool";
import { reportInvalidParams, wrapHandler } from "./sdk-handlers";

type ContextFactory = (extra: RequestExtra) => ToolContext;

/**
 * Register toolkits on an McpServer: the only place definitions meet the SDK. Every tool runs
 * through `runTool`; every resource read, prompt get and completion checks its scope; the list
 * methods show only what the session's grant allows.
 */
export function registerToolkits(server: McpServer, toolkits: readonly Toolkit[], context: ContextFactory): void {
  const scopes = { tools: new Map<string, string | null>(), prompts: new Map<string, string | null>() };

  for (const toolkit of toolkits) {
    for (const tool of toolkit.tools) {
      scopes.tools.set(tool.name, tool.scope);
      server.registerTool(
        tool.name,
        {
          title: tool.title,
          description: tool.description,
          inputSchema: tool.input,
          outputSchema: tool.output,
          annotations: { title: tool.title, ...tool.annotations },
        },
        (args: unknown, extra: RequestExtra) => runTool(tool, args, context(extra)),
      );
    }
    for (const resource of toolkit.resources ?? []) {
      server.registerResource(
        resource.name,
        resource.uri,
        { title: resource.title, description: resource.description, mimeType: resource.mimeType },
        (uri, extra) => {
          const ctx = context(extra);
          requireScope(ctx.props.scopes, resource.scope, `Reading ${resource.uri}`);
          return resource.read(uri, ctx);
        },
      );
    }
    for (const template of toolkit.resourceTemplates ?? []) {
      // The SDK lists templates; listing members, reads and completion are served by
      // resource-handlers.ts and completion.ts, which pass the caller's context.
      server.registerResource(
        template.name,
        new ResourceTemplate(template.uriTemplate, { list: undefined }),
        { title: template.title, description: template.description, ...(template.mimeType && { mimeType: template.mimeType }) },
        (uri) => {
          throw resourceNotFound(uri.href);
        },
      );
    }
    for (const prompt of toolkit.prompts ?? []) {
      scopes.prompts.set(prompt.name, prompt.scope);
      server.registerPrompt(
        prompt.name,
        { title: prompt.title, description: prompt.description, argsSchema: prompt.args },
        (args: unknown, extra: RequestExtra) => {
          const ctx = context(extra);
          requireScope(ctx.props.scopes, prompt.scope, `The ${prompt.name} prompt`);
          return prompt.get(args as never, ctx);
        },
      );
    }
  }

  filterListByScope(server, "tools/list", "tools", scopes.tools, context);
  filterListByScope(server, "prompts/list", "prompts", scopes.prompts, context);
  installResourceHandlers(
    server,
    { fixed: toolkits.flatMap((toolkit) => toolkit.resources ?? []), templates: toolkits.flatMap((toolkit) => toolkit.resourceTemplates ?? []) },
    context,
  );
  installCompletion(
    server,
    { prompts: toolkits.flatMap((toolkit) => toolkit.prompts ?? []), templates: toolkits.flatMap((toolkit) => toolkit.resourceTemplates ?? []) },
    context,
  );
  // Last, so it also covers the handlers installed above.
  reportInvalidParams(server);
}

/**
 * Show only what the grant allows. `tool.disable()` would hide a tool but turn a call into "Tool X
 * disabled" instead of naming the missing scope, so lists are filtered here and calls are checked
 * in `runTool`.
 */
function filterListByScope(server: McpServer, method: string, field: string, scopeOf: Map<string, string | null>, context: ContextFactory): void {
  wrapHandler(server, method, (original) => async (request, extra) => {
    const result = await original(request, extra);
    const granted = context(extra).props.scopes;
    const items = result[field] as { name: string }[];
    return { ...result, [field]: items.filter((item) => scopeOf.has(item.name) && isGranted(granted, scopeOf.get(item.name) ?? null)) };
  });
}
