/**
 * Plausible example arguments built from a tool's input JSON Schema, for the generated docs. The
 * schema's own hints win (examples, default, const, enum, formats, bounds); otherwise a value is
 * picked by the property's name and checked against its pattern and lengths. The docs then
 * validate the whole example against the tool's zod input, so a sketch is never shown as valid
 * when it is not.
 */
import { stringMatching } from "./pattern-example";

type JsonSchema = Record<string, unknown>;

/** The arguments for an example call: the required properties, or the first property when none is required. */
export function exampleArguments(schema: JsonSchema): Record<string, unknown> {
  return exampleObject(schema, true);
}

function exampleObject(schema: JsonSchema, showOneOptional: boolean): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const names = required.length > 0 || !showOneOptional ? required : Object.keys(properties).slice(0, 1);
  return Object.fromEntries(
    names.filter((name) => properties[name]).map((name) => [name, exampleValue(properties[name] as JsonSchema, name)]),
  );
}

const STRING_FORMATS: Record<string, string> = {
  email: "ada@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  "date-time": "2026-01-15T09:30:00Z",
  date: "2026-01-15",
  time: "09:30:00",
  uuid: "123e4567-e89b-42d3-a456-426614174000",
  ipv4: "192.0.2.1",
};

/** Name fragment → example, first match wins (checked in order, so put specific names first). */
const BY_NAME: [RegExp, string][] = [
  [/time_?zone/i, "Europe/Lisbon"],
  [/e?mail/i, "ada@example.com"],
  [/url|uri|link|webhook|endpoint/i, "https://example.com/"],
  [/city|location|place|address/i, "Lisbon"],
  [/country/i, "PT"],
  [/lang|locale/i, "en"],
  [/expr|formula|equation/i, "2 * (3 + 4)"],
  [/query|search|term/i, "quarterly report"],
  [/path|file/i, "notes/plan.md"],
  [/title|subject|heading/i, "Weekly summary"],
  [/key|slug|label|tag/i, "meeting-notes"],
  [/name/i, "example"],
  [/id$/i, "1"],
  [/text|value|message|body|content|note|description|prompt/i, "Call Ada about the launch on Friday"],
];

export function exampleValue(schema: JsonSchema, name: string): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ("default" in schema) return schema.default;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(branches)) {
    const branch = branches.find((candidate) => candidate.type !== "null") ?? branches[0];
    return branch ? exampleValue(branch, name) : null;
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return exampleValue(schema.allOf[0] as JsonSchema, name);
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== "null") ?? "null") : schema.type;
  switch (type) {
    case "string":
      return exampleString(schema, name);
    case "integer":
    case "number":
      return exampleNumber(schema, type === "integer");
    case "boolean":
      return true;
    case "array": {
      const items = (schema.items ?? {}) as JsonSchema;
      const count = Math.min(
        Math.max(1, Number(schema.minItems ?? 1)),
        Number(schema.maxItems ?? Number.POSITIVE_INFINITY),
      );
      return Array.from({ length: count }, () => exampleValue(items, singular(name)));
    }
    case "object":
      return exampleObject(schema, false);
    case "null":
      return null;
    default:
      return "example";
  }
}

function exampleString(schema: JsonSchema, name: string): string {
  const min = Number(schema.minLength ?? 0);
  const max = Number(schema.maxLength ?? Number.POSITIVE_INFINITY);
  const candidates = [
    typeof schema.format === "string" ? STRING_FORMATS[schema.format] : undefined,
    BY_NAME.find(([pattern]) => pattern.test(name))?.[1],
    typeof schema.pattern === "string" ? stringMatching(schema.pattern) : undefined,
    "example",
    "example-1",
    "a",
    "1",
  ].filter((candidate): candidate is string => candidate !== undefined);
  const pattern = compile(schema.pattern);
  const fitted = candidates.map((candidate) => fitLength(candidate, min, max));
  return fitted.find((candidate) => !pattern || pattern.test(candidate)) ?? (fitted[0] as string);
}

function fitLength(value: string, min: number, max: number): string {
  const padded = value.length >= min ? value : value + "x".repeat(min - value.length);
  return padded.length <= max ? padded : padded.slice(0, Math.max(min, max));
}

function exampleNumber(schema: JsonSchema, integer: boolean): number {
  const minimum = typeof schema.minimum === "number" ? schema.minimum : undefined;
  const exclusiveMinimum = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
  const maximum = typeof schema.maximum === "number" ? schema.maximum : undefined;
  const exclusiveMaximum = typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : undefined;
  let value = minimum ?? (exclusiveMinimum !== undefined ? exclusiveMinimum + (integer ? 1 : 0.5) : 1);
  if (maximum !== undefined && value > maximum) value = maximum;
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) value = exclusiveMaximum - (integer ? 1 : 0.5);
  return integer ? Math.ceil(value) : value;
}

function compile(pattern: unknown): RegExp | undefined {
  if (typeof pattern !== "string") return undefined;
  try {
    return new RegExp(pattern, "u");
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

function singular(name: string): string {
  return name.endsWith("s") ? name.slice(0, -1) : name;
}
