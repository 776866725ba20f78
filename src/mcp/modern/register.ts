import {
  type CacheHint,
  type CallToolResult,
  type InputRequiredResult,
  McpServer,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import { type Catalog, completer, listResources, resourceReader, visibleTemplates } from "../catalog";
import { isGranted, requireScope, type ToolContext } from "../define";
import { runTool } from "../run-tool";
import { SERVER_INFO } from "../server-info";
import { toolViewMeta } from "../views";
import { APPS_EXTENSION_ID } from "../wire";
import { withCachedJsonSchema } from "./json-schema-cache";

type ContextFactory = (ctx: ServerContext) => ToolContext;

/** Lists that change only on a deploy (or with the token, which `private` already keys on). */
const DEFINITION_LIST_HINT: CacheHint = { ttlMs: 5 * 60_000, cacheScope: "private" };
/** Lists and reads of the user's own data: fresh on every request. */
const USER_DATA_HINT: CacheHint = { ttlMs: 0, cacheScope: "private" };

/**
 * The 2026-07-28 registrar: a fresh SDK v2 McpServer per request, built from the grant. Only what
 * the token's scopes allow is registered, so `tools/list` and `prompts/list` are the SDK's own, in
 * the catalog's fixed order (MCP 2026-07-28 "Caching": a deterministic `tools/list`). Resources and
 * completion come from the catalog through the SDK's public `setRequestHandler`, as in the 2025 era.
 * With `live` (the grant sees notes or files), resource list changes and resource subscriptions
 * are advertised: `subscriptions/listen` serves them (listen.ts). Tool and prompt lists change only
 * with a deploy or a new token, so their `listChanged` stays false.
 *
 * `called` names the tool or prompt this request calls or gets. A `tools/call` can reach no other
 * tool, prompt or resource, so only the called tool is registered: registering the whole catalog
 * was most of the per-request build (bench/findings.md). It is registered even when the grant
 * lacks its scope (it is not listed: this request is not a list), so the caller hears what the
 * 2025 era says, which permission is missing and how to get it, rather than "not found"; the same
 * holds for a prompt a `prompts/get` names.
 */
export function buildModernServer(options: {
  catalog: Catalog;
  scopes: readonly string[];
  instructions: string;
  /** Whether changes to the resources this grant sees are announced on listen streams. */
  live?: boolean;
  context: ContextFactory;
  called?: { tool?: string; prompt?: string };
  /** Checks an echoed `requestState` before any handler runs (MCP 2026-07-28 MRTR); see confirm.ts. */
  verifyRequestState?: (state: string, ctx: ServerContext) => Promise<unknown>;
}): McpServer {
  const { catalog, scopes, instructions, live = false, context, called, verifyRequestState } = options;
  const server = new McpServer(SERVER_INFO, {
    capabilities: {
      tools: { listChanged: false },
      resources: live ? { listChanged: true, subscribe: true } : { listChanged: false },
      prompts: { listChanged: false },
      completions: {},
      logging: {},
      // MCP Apps: tools may name a `ui://` view (extension settings are an object; none are defined).
      extensions: { [APPS_EXTENSION_ID]: {} },
    },
    instructions,
    ...(verifyRequestState && { requestState: { verify: verifyRequestState } }),
    cacheHints: {
      "server/discover": DEFINITION_LIST_HINT,
      "tools/list": DEFINITION_LIST_HINT,
      "prompts/list": DEFINITION_LIST_HINT,
      "resources/templates/list": DEFINITION_LIST_HINT,
      "resources/list": USER_DATA_HINT,
      "resources/read": USER_DATA_HINT,
    },
  });

  for (const tool of catalog.tools) {
    const wanted = called?.tool === undefined ? isGranted(scopes, tool.scope) : tool.name === called.tool;
    if (!wanted) continue;
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: withCachedJsonSchema(tool.input),
        ...(tool.output && { outputSchema: withCachedJsonSchema(tool.output) }),
        annotations: { title: tool.title, ...tool.annotations },
        ...(tool.view && { _meta: toolViewMeta(tool) }),
      },
      // The SDK types a URL-mode input request with the 2025-era `elicitationId`, which the
      // 2026-07-28 shape drops (its own `inputRequired.elicitUrl` builder leaves it out the same way).
      (args: unknown, ctx: ServerContext) =>
        runTool(tool, args, context(ctx)) as Promise<CallToolResult | InputRequiredResult>,
    );
  }
  if (called?.tool !== undefined) return server;

  for (const prompt of catalog.prompts) {
    if (!isGranted(scopes, prompt.scope) && prompt.name !== called?.prompt) continue;
    server.registerPrompt(
      prompt.name,
      { title: prompt.title, description: prompt.description, argsSchema: z.object(prompt.args) },
      async (args: Record<string, unknown>, ctx: ServerContext) => {
        const toolContext = context(ctx);
        requireScope(toolContext.props.scopes, prompt.scope, `The ${prompt.name} prompt`);
        return prompt.get(args as never, toolContext);
      },
    );
  }

  const read = resourceReader(catalog);
  const complete = completer(catalog);
  server.server.setRequestHandler("resources/list", (request, ctx) =>
    listResources(catalog, context(ctx), request.params?.cursor),
  );
  server.server.setRequestHandler("resources/templates/list", () => ({
    resourceTemplates: visibleTemplates(catalog, scopes).map((template) => ({
      name: template.name,
      title: template.title,
      description: template.description,
      uriTemplate: template.uriTemplate,
      ...(template.mimeType && { mimeType: template.mimeType }),
    })),
  }));
  server.server.setRequestHandler("resources/read", (request, ctx) => read(request.params.uri, context(ctx)));
  server.server.setRequestHandler("completion/complete", (request, ctx) => complete(request.params, context(ctx)));
  return server;
}
