import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CompleteRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { type Catalog, completer, listResources, resourceReader, visibleTemplates } from "./catalog";
import type { ToolContext } from "./define";
import type { RequestExtra } from "./sdk-v1-handler-table";

type ContextFactory = (extra: RequestExtra) => ToolContext;

/**
 * The 2025-era (SDK v1) face of the catalog's resources and completion: `resources/list`,
 * `resources/templates/list`, `resources/read` and `completion/complete`, installed through the
 * SDK's public `setRequestHandler`. An unknown resource is -32002 here (MCP 2025-11-25).
 */
export function installResourceHandlers(server: McpServer, catalog: Catalog, context: ContextFactory): void {
  const read = resourceReader(catalog);
  const complete = completer(catalog);
  server.server.registerCapabilities({ resources: {}, completions: {} });
  server.server.setRequestHandler(ListResourcesRequestSchema, (request, extra) =>
    listResources(catalog, context(extra), request.params?.cursor),
  );
  server.server.setRequestHandler(ListResourceTemplatesRequestSchema, (_request, extra) => ({
    resourceTemplates: visibleTemplates(catalog, context(extra).props.scopes).map((template) => ({
      name: template.name,
      title: template.title,
      description: template.description,
      uriTemplate: template.uriTemplate,
      ...(template.mimeType && { mimeType: template.mimeType }),
    })),
  }));
  server.server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => ({
    ...(await read(request.params.uri, context(extra))),
  }));
  server.server.setRequestHandler(CompleteRequestSchema, (request, extra) => complete(request.params, context(extra)));
}
