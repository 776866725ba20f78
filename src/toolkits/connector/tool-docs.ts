import { z } from "zod";
import { isGranted, type ToolAnnotations, type ToolDefinition, type Toolkit } from "../../mcp/define";
import { exampleArguments } from "./example-arguments";
import { fenced } from "./markdown";

/**
 * JSON Schemas exactly as `tools/list` shows them: the SDK (1.32, server/zod-json-schema-compat.js)
 * converts zod 4 with `toJSONSchema(schema, { target: "draft-7", io })`, `io` being "input" for
 * inputSchema and "output" for outputSchema. Using the same call keeps the docs and the wire in step.
 */
export function inputJsonSchema(tool: ToolDefinition): Record<string, unknown> {
  return z.toJSONSchema(tool.input, { target: "draft-7", io: "input" }) as Record<string, unknown>;
}

export function outputJsonSchema(tool: ToolDefinition): Record<string, unknown> | undefined {
  return tool.output
    ? (z.toJSONSchema(tool.output, { target: "draft-7", io: "output" }) as Record<string, unknown>)
    : undefined;
}

/** An example `tools/call` for the tool, and whether its arguments pass the tool's own input validation. */
export function exampleCall(tool: ToolDefinition): { request: Record<string, unknown>; valid: boolean } {
  const args = exampleArguments(inputJsonSchema(tool));
  return {
    request: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: tool.name, arguments: args } },
    valid: tool.input.safeParse(args).success,
  };
}

const HINTS: Record<keyof ToolAnnotations, [whenTrue: string, whenFalse: string]> = {
  readOnlyHint: ["Only reads; changes nothing.", "Can change data."],
  destructiveHint: ["Can delete or overwrite data.", "Does not delete or overwrite data."],
  idempotentHint: [
    "Repeating a call with the same arguments has no further effect.",
    "Each call can have a further effect.",
  ],
  openWorldHint: ["Reaches services outside this connector.", "Stays within this connector."],
};

/** The markdown page for `docs://tools/{name}`. `granted` is the reader's own scopes, to say whether they may call it. */
export function toolDocsMarkdown(tool: ToolDefinition, toolkit: Toolkit, granted: readonly string[]): string {
  const output = outputJsonSchema(tool);
  const example = exampleCall(tool);
  const allowed = isGranted(granted, tool.scope);
  return (
    [
      `# ${tool.title} (\`${tool.name}\`)`,
      tool.description,
      [
        `- **Toolkit:** ${toolkit.title} (\`${toolkit.name}\`)`,
        `- **Required scope:** \`${tool.scope}\`${toolkit.scopes[tool.scope] ? ` (${toolkit.scopes[tool.scope]})` : ""}`,
        `- **This connection:** ${allowed ? "may call it." : `was not granted \`${tool.scope}\`; reconnect and tick it on the consent page to use this tool.`}`,
      ].join("\n"),
      "## Annotations",
      [
        "| hint | value | meaning |",
        "|---|---|---|",
        ...(Object.keys(HINTS) as (keyof ToolAnnotations)[]).map((hint) => {
          const value = tool.annotations[hint];
          return `| ${hint} | ${value} | ${HINTS[hint][value ? 0 : 1]} |`;
        }),
      ].join("\n"),
      "## Input schema",
      fenced(JSON.stringify(inputJsonSchema(tool), null, 2), "json"),
      "## Output schema",
      output
        ? `Results carry \`structuredContent\` matching this schema, plus the same data as text.\n\n${fenced(JSON.stringify(output, null, 2), "json")}`
        : "None: the result is text content.",
      "## Example call",
      example.valid
        ? "A `tools/call` request with plausible arguments:"
        : "A sketch of a `tools/call` request: replace the argument values with ones that meet the input schema.",
      fenced(JSON.stringify(example.request, null, 2), "json"),
    ].join("\n\n") + "\n"
  );
}

/** The first sentence of a description, for list entries (at most 200 characters). */
export function firstSentence(text: string): string {
  const sentence = /^.*?[.!?](?=\s|$)/s.exec(text)?.[0] ?? text;
  return sentence.length <= 200 ? sentence : `${sentence.slice(0, 199)}…`;
}
