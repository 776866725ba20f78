import {
  ANY_GRANT,
  defineResourceTemplate,
  type ResourceTemplateDefinition,
  resourceNotFound,
  type ToolDefinition,
  type Toolkit,
} from "../../mcp/define";
import { completeFrom } from "./complete";
import { pageOfKeys } from "./paging";
import { firstSentence, toolDocsMarkdown } from "./tool-docs";

export const TOOL_DOCS_URI_TEMPLATE = "docs://tools/{name}";

const docsUri = (name: string) => `docs://tools/${name}`;

/**
 * `docs://tools/{name}`: generated markdown for every registered tool, whether or not this
 * connection was granted its scope (the page says which, so Claude can ask the user to reconnect).
 * The registry is read at call time through `registry()`, never at import.
 */
export function toolDocsResource(options: {
  registry: () => readonly Toolkit[];
  pageSize: number;
}): ResourceTemplateDefinition {
  const allTools = (): { tool: ToolDefinition; toolkit: Toolkit }[] =>
    options.registry().flatMap((toolkit) => toolkit.tools.map((tool: ToolDefinition) => ({ tool, toolkit })));
  const toolNames = () => allTools().map(({ tool }) => tool.name);

  return defineResourceTemplate({
    name: "tool_docs",
    title: "Tool documentation",
    description:
      "Generated documentation for each tool as markdown: what it does, the scope it needs, its annotations, input and output " +
      "JSON Schemas and an example call. Read docs://tools/<tool name>.",
    uriTemplate: TOOL_DOCS_URI_TEMPLATE,
    mimeType: "text/markdown",
    scope: ANY_GRANT,
    list(_ctx, cursor) {
      const entries = new Map(allTools().map((entry) => [entry.tool.name, entry]));
      const page = pageOfKeys([...entries.keys()], cursor, options.pageSize);
      return {
        resources: page.keys.map((name) => {
          const { tool } = entries.get(name) as { tool: ToolDefinition };
          return {
            uri: docsUri(name),
            name: `tool_docs_${name}`,
            title: `${tool.title} (${name})`,
            description: firstSentence(tool.description),
            mimeType: "text/markdown",
          };
        }),
        ...(page.nextCursor && { nextCursor: page.nextCursor }),
      };
    },
    complete: { name: completeFrom(toolNames, { anywhere: true }) },
    read(uri, { name }, ctx) {
      const entry = allTools().find(({ tool }) => tool.name === name);
      if (!entry) throw resourceNotFound(uri.href);
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: "text/markdown",
            text: toolDocsMarkdown(entry.tool, entry.toolkit, ctx.props.scopes),
          },
        ],
      };
    },
  });
}
