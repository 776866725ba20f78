/**
 * Least privilege for toolkits: each definition's `ctx.env` holds only the `Env` members its
 * toolkit names in `bindings`. The registrars build one context per request with the whole `Env`
 * (the wrapper around the handler needs `WORKSPACE` for the activity log and `METRICS`); the
 * catalog wraps every definition of a toolkit so that what reaches its handler, confirm, read, list,
 * get or completer is that context with the toolkit's part of `Env` in place of the whole.
 */
import type {
  Completer,
  EnvName,
  PromptDefinition,
  ResourceDefinition,
  ResourceTemplateDefinition,
  ToolContext,
  ToolDefinition,
  ToolkitEnv,
} from "./define";

/** Turns a request's context into the one a toolkit's definitions see. */
export type ContextScope = (ctx: ToolContext) => ToolContext;

/**
 * The scope of a toolkit that declares `names`. The picked env and the scoped context are built once
 * per request context (one per request; a `resources/list` over several templates of one toolkit
 * shares it), so a call costs a WeakMap lookup. Not cached per `Env` object: nothing promises that
 * object is never written to (tests set vars on it), and a stale setting would be a silent bug.
 */
export function toolkitScope(names: readonly EnvName[]): ContextScope {
  const contexts = new WeakMap<ToolContext, ToolContext>();
  const pick = (env: ToolkitEnv): ToolkitEnv =>
    Object.freeze(Object.fromEntries(names.map((name) => [name, env[name]]))) as ToolkitEnv;
  return (ctx) => {
    let scoped = contexts.get(ctx);
    if (!scoped) {
      // Copied by descriptor, not spread: the session's `props` is a getter that must stay live
      // (it changes on re-authorization), and a spread would freeze today's value.
      scoped = Object.defineProperties(
        {},
        { ...Object.getOwnPropertyDescriptors(ctx), env: { value: pick(ctx.env), enumerable: true } },
      ) as ToolContext;
      contexts.set(ctx, scoped);
    }
    return scoped;
  };
}

// biome-ignore lint/suspicious/noExplicitAny: definitions are heterogeneous by design.
type AnyTool = ToolDefinition<any, any>;
// biome-ignore lint/suspicious/noExplicitAny: definitions are heterogeneous by design.
type AnyPrompt = PromptDefinition<any>;

export function scopedTool<Tool extends AnyTool>(tool: Tool, scope: ContextScope): Tool {
  const { confirm } = tool;
  return {
    ...tool,
    handler: (args, ctx) => tool.handler(args, scope(ctx)),
    ...(confirm && { confirm: (args: unknown, ctx: ToolContext) => confirm.call(tool, args, scope(ctx)) }),
  };
}

export function scopedResource(resource: ResourceDefinition, scope: ContextScope): ResourceDefinition {
  return { ...resource, read: (uri, ctx) => resource.read(uri, scope(ctx)) };
}

export function scopedTemplate(template: ResourceTemplateDefinition, scope: ContextScope): ResourceTemplateDefinition {
  const { list, complete } = template;
  return {
    ...template,
    read: (uri, variables, ctx) => template.read(uri, variables, scope(ctx)),
    ...(list && { list: (ctx: ToolContext, cursor: string | undefined) => list.call(template, scope(ctx), cursor) }),
    ...(complete && { complete: scopedCompleters(complete, scope) }),
  };
}

export function scopedPrompt<Prompt extends AnyPrompt>(prompt: Prompt, scope: ContextScope): Prompt {
  return {
    ...prompt,
    get: (args, ctx) => prompt.get(args, scope(ctx)),
    ...(prompt.complete && { complete: scopedCompleters(prompt.complete, scope) }),
  };
}

function scopedCompleters(
  completers: Partial<Record<string, Completer>>,
  scope: ContextScope,
): Partial<Record<string, Completer>> & Record<string, Completer> {
  return Object.fromEntries(
    Object.entries(completers)
      .filter((entry): entry is [string, Completer] => entry[1] !== undefined)
      .map(([name, complete]) => [name, (value, ctx, context) => complete(value, scope(ctx), context)]),
  );
}
