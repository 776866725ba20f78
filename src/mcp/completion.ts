import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CompleteRequestSchema, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { type Completer, isGranted, type PromptDefinition, type RequestExtra, type ResourceTemplateDefinition, type ToolContext } from "./define";

type ContextFactory = (extra: RequestExtra) => ToolContext;

/** MCP "Completion": at most 100 values per response. */
const MAX_COMPLETION_VALUES = 100;

/**
 * `completion/complete` for prompt arguments and template variables. The SDK's own handler calls
 * completers without the request, so they could not know whose data to suggest; this one hands
 * them the same context tools get, after the same scope check a read or get would make.
 */
export function installCompletion(
  server: McpServer,
  definitions: { prompts: PromptDefinition[]; templates: ResourceTemplateDefinition[] },
  context: ContextFactory,
): void {
  const prompts = new Map(definitions.prompts.map((prompt) => [prompt.name, prompt]));
  const templates = new Map(definitions.templates.map((template) => [template.uriTemplate, template]));

  server.server.registerCapabilities({ completions: {} });
  server.server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { ref, argument } = request.params;
    const ctx = context(extra);
    let owner: { scope: string | null; complete?: Partial<Record<string, Completer>> };
    if (ref.type === "ref/prompt") {
      const prompt = prompts.get(ref.name);
      if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Prompt ${ref.name.slice(0, 100)} not found. Call prompts/list to see what exists.`);
      owner = prompt;
    } else {
      const template = templates.get(ref.uri);
      if (!template) throw new McpError(ErrorCode.InvalidParams, `Resource template ${ref.uri.slice(0, 200)} not found. Call resources/templates/list.`);
      owner = template;
    }
    if (!isGranted(ctx.props.scopes, owner.scope)) {
      throw new McpError(ErrorCode.InvalidParams, `Completion here needs the "${owner.scope}" permission, which this connection was not granted.`);
    }
    const completer = owner.complete?.[argument.name];
    if (!completer) return { completion: { values: [], total: 0, hasMore: false } };
    const values = await completer(argument.value, ctx, { arguments: request.params.context?.arguments ?? {} });
    return {
      completion: { values: values.slice(0, MAX_COMPLETION_VALUES), total: values.length, hasMore: values.length > MAX_COMPLETION_VALUES },
    };
  });
}
