import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { RequestExtra, ToolContext, Toolkit } from "./define";
import { runTool } from "./run-tool";

type ContextFactory = (extra: RequestExtra) => ToolContext;

/**
 * Register toolkits on an McpServer: the only place definitions meet the SDK. Every tool runs
 * through `runTool`; every resource read and prompt get checks its scope; the list methods show only
 * what the session's grant allows.
 */
export function registerToolkits(server: McpServer, toolkits: readonly Toolkit[], context: ContextFactory): void {
  const scopes = { tools: new Map<string, string>(), resources: new Map<string, string>(), prompts: new Map<string, string>() };

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
      scopes.resources.set(resource.uri, resource.scope);
      server.registerResource(
        resource.name,
        resource.uri,
        { title: resource.title, description: resource.description, mimeType: resource.mimeType },
        (uri, extra) => {
          const ctx = context(extra);
          requireScope(ctx, resource.scope, `Reading ${resource.uri}`);
          return resource.read(uri, ctx);
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
          requireScope(ctx, prompt.scope, `The ${prompt.name} prompt`);
          return prompt.get(args as never, ctx);
        },
      );
    }
  }

  filterListsByScope(server, scopes, context);
  reportUnknownResources(server, new Set(scopes.resources.keys()));
  reportInvalidParams(server);
}

/** MCP "Resources", Error Handling: an unknown URI is -32002 (the SDK answers -32602). */
const RESOURCE_NOT_FOUND = -32002;

function reportUnknownResources(server: McpServer, uris: Set<string>): void {
  const handlers = requestHandlers(server);
  const read = handlers.get("resources/read");
  if (!read) return;
  handlers.set("resources/read", async (request, extra) => {
    const uri = (request as { params?: { uri?: unknown } }).params?.uri;
    if (typeof uri === "string" && !uris.has(uri)) {
      throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri.slice(0, 200)}. Call resources/list to see what exists.`, { uri });
    }
    return read(request, extra);
  });
}

function requireScope(ctx: ToolContext, scope: string, what: string): void {
  if (!ctx.props.scopes.includes(scope)) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `${what} needs the "${scope}" permission, which this connection was not granted. Reconnect and tick it on the consent page.`,
    );
  }
}

type Handler = (request: unknown, extra: RequestExtra) => Promise<Record<string, unknown>>;

function requestHandlers(server: McpServer): Map<string, Handler> {
  return (server.server as unknown as { _requestHandlers: Map<string, Handler> })._requestHandlers;
}

/**
 * The SDK parses each request against its schema inside the handler and lets the ZodError through,
 * which the protocol layer reports as -32603 (internal error). Malformed params are the caller's
 * fault: JSON-RPC 2.0 §5.1 says -32602 (invalid params), with the problem named.
 */
function reportInvalidParams(server: McpServer): void {
  const handlers = requestHandlers(server);
  for (const [method, handler] of handlers) {
    handlers.set(method, async (request, extra) => {
      try {
        return await handler(request, extra);
      } catch (error) {
        // zod 4's error is not always an Error instance: recognise it by its issues.
        if (typeof error === "object" && error !== null && !(error instanceof McpError) && Array.isArray((error as { issues?: unknown }).issues)) {
          const issues = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues;
          const detail = issues.map((issue) => `${issue.path.map(String).join(".") || "params"}: ${issue.message}`).join("; ");
          throw new McpError(ErrorCode.InvalidParams, `Invalid params for ${method}: ${detail}`);
        }
        throw error;
      }
    });
  }
}

/**
 * Wrap the SDK's list handlers so each shows only what the grant allows. McpServer keeps its
 * handlers in `Server._requestHandlers` and offers no filter hook; `tool.disable()` would hide a
 * tool but turn a call into "Tool X disabled" instead of naming the missing scope, so the lists
 * are filtered here and calls are checked in `runTool`. test/mcp/scopes.test.ts pins this down.
 */
function filterListsByScope(
  server: McpServer,
  scopes: { tools: Map<string, string>; resources: Map<string, string>; prompts: Map<string, string> },
  context: ContextFactory,
): void {
  const handlers = requestHandlers(server);
  const filter = (method: string, field: string, keyOf: (item: Record<string, unknown>) => string, scopeOf: Map<string, string>) => {
    const original = handlers.get(method);
    if (!original) return;
    handlers.set(method, async (request, extra) => {
      const result = await original(request, extra);
      const granted = context(extra).props.scopes;
      const items = result[field] as Record<string, unknown>[];
      return { ...result, [field]: items.filter((item) => granted.includes(scopeOf.get(keyOf(item)) ?? "")) };
    });
  };
  filter("tools/list", "tools", (tool) => String(tool.name), scopes.tools);
  filter("resources/list", "resources", (resource) => String(resource.uri), scopes.resources);
  filter("prompts/list", "prompts", (prompt) => String(prompt.name), scopes.prompts);
}
