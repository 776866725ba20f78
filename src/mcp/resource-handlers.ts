import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import { ListResourcesRequestSchema, type Resource } from "@modelcontextprotocol/sdk/types.js";
import { decodeCursor, encodeCursor } from "./cursor";
import {
  invalidCursor,
  isGranted,
  requireScope,
  type RequestExtra,
  type ResourceDefinition,
  type ResourcePage,
  type ResourceTemplateDefinition,
  resourceNotFound,
  type ToolContext,
} from "./define";
import { requestHandlers, wrapHandler } from "./sdk-handlers";

type ContextFactory = (extra: RequestExtra) => ToolContext;

interface Source {
  key: string;
  page(cursor: string | undefined): Promise<ResourcePage> | ResourcePage;
}

interface ListPosition {
  /** The source being listed: "fixed" or a template's name. */
  s: string;
  /** That source's own cursor. */
  c?: string;
}

function isListPosition(value: unknown): value is ListPosition {
  if (typeof value !== "object" || value === null) return false;
  const { s, c } = value as Record<string, unknown>;
  return typeof s === "string" && (c === undefined || typeof c === "string");
}

/**
 * `resources/list`, `resources/templates/list` and `resources/read` for fixed resources and
 * templates: lists show only what the grant allows and page through every template's members with
 * one opaque cursor; a URI that no resource or template matches is -32002 (the SDK says -32602).
 */
export function installResourceHandlers(
  server: McpServer,
  definitions: { fixed: ResourceDefinition[]; templates: ResourceTemplateDefinition[] },
  context: ContextFactory,
): void {
  const { fixed, templates } = definitions;
  const handlers = requestHandlers(server);
  if (!handlers.has("resources/list")) return;

  handlers.set("resources/list", async (request, extra) => {
    const { params } = ListResourcesRequestSchema.parse(request);
    const ctx = context(extra);
    const granted = (scope: string | null) => isGranted(ctx.props.scopes, scope);
    const sources: Source[] = [
      { key: "fixed", page: () => ({ resources: fixed.filter((resource) => granted(resource.scope)).map(describeFixed) }) },
      ...templates
        .filter((template) => template.list && granted(template.scope))
        .map((template) => ({ key: template.name, page: (cursor: string | undefined) => template.list!(ctx, cursor) })),
    ];
    const decoded: ListPosition | undefined = params?.cursor === undefined ? { s: "fixed" } : decodeCursor(params.cursor, isListPosition);
    if (!decoded) throw invalidCursor();
    const position = decoded;
    const start = sources.findIndex((source) => source.key === position.s);
    if (start < 0) throw invalidCursor();

    // A page runs from the cursor's source on until some source has more to give; so no page is
    // empty and the last one carries no cursor (a client would otherwise fetch an empty page).
    const resources: Resource[] = [];
    for (let index = start; index < sources.length; index++) {
      const source = sources[index] as Source;
      const page = await source.page(index === start ? position.c : undefined);
      resources.push(...page.resources);
      if (page.nextCursor) return { resources, nextCursor: encodeCursor({ s: source.key, c: page.nextCursor }) };
    }
    return { resources };
  });

  const templateScopes = new Map(templates.map((template) => [template.name, template.scope]));
  wrapHandler(server, "resources/templates/list", (original) => async (request, extra) => {
    const result = await original(request, extra);
    const scopes = context(extra).props.scopes;
    const items = result.resourceTemplates as { name: string }[];
    return { ...result, resourceTemplates: items.filter((item) => templateScopes.has(item.name) && isGranted(scopes, templateScopes.get(item.name) ?? null)) };
  });

  // Templates are matched on the URI exactly as sent. The SDK matches `new URL(uri).toString()`,
  // which rewrites special schemes: `file://f_1` becomes `file://f_1/` and no longer matches
  // `file://{id}`.
  const fixedUris = new Set(fixed.map((resource) => resource.uri));
  const matchers = templates.map((template) => ({ template, matcher: new UriTemplate(template.uriTemplate) }));
  wrapHandler(server, "resources/read", (original) => async (request, extra) => {
    const uri = (request as { params?: { uri?: unknown } }).params?.uri;
    if (typeof uri !== "string" || fixedUris.has(uri)) return original(request, extra);
    for (const { template, matcher } of matchers) {
      const variables = matchSafely(matcher, uri);
      if (!variables) continue;
      const ctx = context(extra);
      requireScope(ctx.props.scopes, template.scope, `Reading ${template.uriTemplate}`);
      const flat = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, Array.isArray(value) ? value.join(",") : value]));
      return (await template.read(new URL(uri), flat, ctx)) as Record<string, unknown>;
    }
    throw resourceNotFound(uri);
  });
}

function describeFixed(resource: ResourceDefinition): Resource {
  return { uri: resource.uri, name: resource.name, title: resource.title, description: resource.description, mimeType: resource.mimeType };
}

/** UriTemplate.match throws on over-long input; a URI it cannot match is simply not ours. */
function matchSafely(matcher: UriTemplate, uri: string): Record<string, string | string[]> | null {
  try {
    return matcher.match(uri);
  } catch {
    return null;
  }
}
