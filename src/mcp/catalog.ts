/**
 * What both protocol eras serve from the toolkit definitions, with no SDK in sight: the lists a
 * grant may see, resource reads with their scope checks, one opaque cursor over every resource
 * source, and completion with the caller's context. Each era adapter hands its requests here.
 */

import { decodeCursor, encodeCursor } from "../lib/cursor";
import { uriTemplateMatcher } from "../lib/uri-template";
import {
  type Completer,
  invalidCursor,
  invalidParams,
  isGranted,
  type PromptDefinition,
  type ResourceDefinition,
  type ResourcePage,
  type ResourceTemplateDefinition,
  requireScope,
  resourceNotFound,
  type ToolContext,
  type ToolDefinition,
  type Toolkit,
} from "./define";
import { scopedPrompt, scopedResource, scopedTemplate, scopedTool, toolkitScope } from "./toolkit-env";
import { viewResource } from "./views";
import type { ReadResourceResult, Resource } from "./wire";

/** MCP "Completion": at most 100 values per response. */
const MAX_COMPLETION_VALUES = 100;

export interface Catalog {
  readonly tools: readonly ToolDefinition[];
  readonly prompts: readonly PromptDefinition[];
  readonly resources: readonly ResourceDefinition[];
  readonly templates: readonly ResourceTemplateDefinition[];
}

/**
 * Every definition of every toolkit, each wrapped so that its `ctx.env` holds only what its toolkit
 * declares in `bindings` (toolkit-env.ts); the registrars build contexts with the whole `Env`.
 */
export function catalogOf(toolkits: readonly Toolkit[]): Catalog {
  const scoped = toolkits.map((toolkit) => ({ toolkit, scope: toolkitScope(toolkit.bindings ?? []) }));
  return {
    tools: scoped.flatMap(({ toolkit, scope }) => toolkit.tools.map((tool) => scopedTool(tool, scope))),
    prompts: scoped.flatMap(({ toolkit, scope }) =>
      (toolkit.prompts ?? []).map((prompt) => scopedPrompt(prompt, scope)),
    ),
    // Views are fixed `ui://` resources (MCP Apps), served from their HTML alone (no env); a view
    // several tools share is listed once.
    resources: [
      ...scoped.flatMap(({ toolkit, scope }) => (toolkit.resources ?? []).map((entry) => scopedResource(entry, scope))),
      ...[...new Set(toolkits.flatMap((toolkit) => toolkit.views ?? []))].map(viewResource),
    ],
    templates: scoped.flatMap(({ toolkit, scope }) =>
      (toolkit.resourceTemplates ?? []).map((template) => scopedTemplate(template, scope)),
    ),
  };
}

/** The fixed resources a connection may see: granted, and needing no session where there is none. */
export function visibleResources(catalog: Catalog, ctx: Pick<ToolContext, "props" | "session">): ResourceDefinition[] {
  return catalog.resources.filter(
    (resource) => isGranted(ctx.props.scopes, resource.scope) && (!resource.needsSession || ctx.session),
  );
}

interface ListPosition {
  /** The source being listed: "fixed" or a template's name. */
  source: string;
  /** That source's own cursor. */
  cursor?: string;
}

function isListPosition(value: unknown): value is ListPosition {
  if (typeof value !== "object" || value === null) return false;
  const { source, cursor } = value as Record<string, unknown>;
  return typeof source === "string" && (cursor === undefined || typeof cursor === "string");
}

/**
 * `resources/list`: the fixed resources, then every listable template's members, through one opaque
 * cursor. A page runs from the cursor's source on until some source has more to give; so no page
 * is empty and the last one carries no cursor (a client would otherwise fetch an empty page).
 */
export async function listResources(
  catalog: Catalog,
  ctx: ToolContext,
  cursor: string | undefined,
): Promise<{ resources: Resource[]; nextCursor?: string }> {
  const sources: { key: string; page(cursor: string | undefined): Promise<ResourcePage> | ResourcePage }[] = [
    { key: "fixed", page: () => ({ resources: visibleResources(catalog, ctx).map(describeFixed) }) },
    ...catalog.templates
      .filter((template) => template.list && isGranted(ctx.props.scopes, template.scope))
      .map((template) => ({ key: template.name, page: (inner: string | undefined) => template.list!(ctx, inner) })),
  ];
  const position = cursor === undefined ? { source: "fixed" } : decodeCursor(cursor, isListPosition);
  if (!position) throw invalidCursor();
  const start = sources.findIndex((source) => source.key === position.source);
  if (start < 0) throw invalidCursor();

  const resources: Resource[] = [];
  for (let index = start; index < sources.length; index++) {
    const source = sources[index] as (typeof sources)[number];
    const page = await source.page(index === start ? position.cursor : undefined);
    resources.push(...page.resources);
    if (page.nextCursor)
      return { resources, nextCursor: encodeCursor({ source: source.key, cursor: page.nextCursor }) };
  }
  return { resources };
}

/** `resources/templates/list`, filtered by the grant. */
export function visibleTemplates(catalog: Catalog, scopes: readonly string[]): ResourceTemplateDefinition[] {
  return catalog.templates.filter((template) => isGranted(scopes, template.scope));
}

/** Whether the grant sees resources that announce their changes (both eras advertise and send them then). */
export function hasLiveResources(catalog: Catalog, scopes: readonly string[]): boolean {
  return visibleTemplates(catalog, scopes).some((template) => template.live);
}

/**
 * `resources/read`. Templates are matched on the URI exactly as sent: `new URL(uri)` rewrites
 * special schemes (`file://f_1` becomes `file://f_1/`) and would no longer match `file://{id}`.
 */
export function resourceReader(catalog: Catalog): (uri: string, ctx: ToolContext) => Promise<ReadResourceResult> {
  const fixed = new Map(catalog.resources.map((resource) => [resource.uri, resource]));
  const matchers = catalog.templates.map((template) => ({
    template,
    matcher: uriTemplateMatcher(template.uriTemplate),
  }));
  return async (uri, ctx) => {
    const resource = fixed.get(uri);
    if (resource && (!resource.needsSession || ctx.session)) {
      requireScope(ctx.props.scopes, resource.scope, `Reading ${resource.uri}`);
      return resource.read(new URL(uri), ctx);
    }
    for (const { template, matcher } of matchers) {
      const variables = matcher.match(uri);
      if (!variables) continue;
      requireScope(ctx.props.scopes, template.scope, `Reading ${template.uriTemplate}`);
      return template.read(new URL(uri), variables, ctx);
    }
    throw resourceNotFound(uri);
  };
}

export type CompletionReference = { type: "ref/prompt"; name: string } | { type: "ref/resource"; uri: string };

export interface CompletionRequest {
  ref: CompletionReference;
  argument: { name: string; value: string };
  context?: { arguments?: Record<string, string> };
}

/**
 * `completion/complete` for prompt arguments and template variables. Completers get the same
 * context tools get, after the same scope check a read or get would make, so suggestions come only
 * from the caller's own data.
 */
export function completer(
  catalog: Catalog,
): (
  request: CompletionRequest,
  ctx: ToolContext,
) => Promise<{ completion: { values: string[]; total: number; hasMore: boolean } }> {
  const prompts = new Map(catalog.prompts.map((prompt) => [prompt.name, prompt]));
  const templates = new Map(catalog.templates.map((template) => [template.uriTemplate, template]));
  return async ({ ref, argument, context }, ctx) => {
    let owner: { scope: string | null; complete?: Partial<Record<string, Completer>> } | undefined;
    if (ref.type === "ref/prompt") {
      owner = prompts.get(ref.name);
      if (!owner)
        throw invalidParams(`Prompt ${ref.name.slice(0, 100)} not found. Call prompts/list to see what exists.`);
    } else {
      owner = templates.get(ref.uri);
      if (!owner)
        throw invalidParams(`Resource template ${ref.uri.slice(0, 200)} not found. Call resources/templates/list.`);
    }
    if (!isGranted(ctx.props.scopes, owner.scope)) {
      throw invalidParams(
        `Completion here needs the "${owner.scope}" permission, which this connection was not granted.`,
      );
    }
    const complete = owner.complete?.[argument.name];
    if (!complete) return { completion: { values: [], total: 0, hasMore: false } };
    const values = await complete(argument.value, ctx, { arguments: context?.arguments ?? {} });
    return {
      completion: {
        values: values.slice(0, MAX_COMPLETION_VALUES),
        total: values.length,
        hasMore: values.length > MAX_COMPLETION_VALUES,
      },
    };
  };
}

function describeFixed(resource: ResourceDefinition): Resource {
  return {
    uri: resource.uri,
    name: resource.name,
    title: resource.title,
    description: resource.description,
    mimeType: resource.mimeType,
    ...(resource.meta && { _meta: resource.meta }),
  };
}
