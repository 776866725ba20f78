import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";

type JsonSchemaOptions = Parameters<StandardSchemaWithJSON["~standard"]["jsonSchema"]["input"]>[0];
type JsonSchema = Record<string, unknown>;

/** One wrapper per schema object for the isolate's life: the definitions are module constants. */
const wrapped = new WeakMap<object, StandardSchemaWithJSON>();

/**
 * A tool schema whose JSON Schema is converted once per isolate instead of once per request.
 * The SDK converts a registered tool's schemas on each McpServer instance (every schema on
 * `tools/list`; the called tool's input and output on every `tools/call`), and the 2026-07-28 leg
 * builds a fresh server per request, so it repeated that zod work on every request although the
 * definitions cannot change while the isolate lives (bench/findings.md, "Building the per-request
 * server"). This is the Standard Schema interface the SDK reads (`~standard.validate` and
 * `~standard.jsonSchema`), nothing private: validation is still zod's own, with its messages.
 *
 * The JSON Schema depends on the definition alone, never on a request, grant or user, and is
 * frozen, so no caller's server can change what another caller's server reads.
 */
export function withCachedJsonSchema<Input, Output>(
  schema: StandardSchemaWithJSON<Input, Output>,
): StandardSchemaWithJSON<Input, Output> {
  let cached = wrapped.get(schema) as StandardSchemaWithJSON<Input, Output> | undefined;
  if (!cached) {
    const standard = schema["~standard"];
    const converted = new Map<string, JsonSchema>();
    const convert =
      (io: "input" | "output") =>
      (options: JsonSchemaOptions): JsonSchema => {
        // Library options could change the result: convert those as asked, uncached (the SDK passes none).
        if (options.libraryOptions !== undefined) return standard.jsonSchema[io](options);
        const key = `${io} ${options.target}`;
        let json = converted.get(key);
        if (!json) {
          json = deepFreeze(standard.jsonSchema[io](options));
          converted.set(key, json);
        }
        return json;
      };
    cached = {
      "~standard": {
        version: standard.version,
        vendor: standard.vendor,
        validate: standard.validate,
        ...(standard.types && { types: standard.types }),
        jsonSchema: { input: convert("input"), output: convert("output") },
      },
    };
    wrapped.set(schema, cached);
  }
  return cached;
}

function deepFreeze<V>(value: V): V {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
