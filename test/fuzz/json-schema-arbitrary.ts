/**
 * Tool arguments from the JSON Schema `tools/list` returns (the wire form of each tool's zod
 * `input`): values the schema accepts, values at its edges, and hostile mutations of both. Only the
 * keywords Outpost's schemas use are understood; anything else falls back to any hostile value.
 */
import fc from "fast-check";
import { deepJson, hostileJson, hostileString, longString } from "./arbitraries";

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** Generated strings stay short unless the point is their length: the cost of a run is the sum of its bodies. */
const TYPICAL_MAX_CHARS = 60;
const TYPICAL_MAX_ITEMS = 4;

/** Values the schema accepts, biased towards its edges (empty, shortest, longest, bounds). */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(validValue));
  switch (Array.isArray(schema.type) ? schema.type[0] : schema.type) {
    case "string":
      return stringFor(schema);
    case "integer":
      return integerFor(schema);
    case "number":
      return fc.oneof(
        fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true }),
        fc.constantFrom(...[schema.minimum, schema.maximum].filter((n): n is number => n !== undefined), 0),
      );
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(schema.items ? validValue(schema.items) : hostileJson, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? TYPICAL_MAX_ITEMS, TYPICAL_MAX_ITEMS)),
      });
    case "object":
      return objectFor(schema);
    default:
      return hostileJson;
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 10_000;
  if (schema.pattern)
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
  const typical = fc
    .string({ unit: "grapheme", minLength: min, maxLength: Math.max(min, Math.min(max, TYPICAL_MAX_CHARS)) })
    .filter((s) => s.length >= min && s.length <= max);
  const edges = longString([...new Set([min, max > 4_096 ? 4_096 : max])].filter((n) => n >= Math.max(min, 1)));
  return fc.oneof(
    { weight: 5, arbitrary: typical },
    { weight: 1, arbitrary: edges },
    { weight: 1, arbitrary: hostileString.filter((s) => s.length >= min && s.length <= max) },
  );
}

function integerFor(schema: JsonSchema): fc.Arbitrary<number> {
  const min = Math.max(schema.minimum ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER);
  const max = Math.min(schema.maximum ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  return fc.oneof(
    fc.integer({ min, max: Math.min(max, min + 100) }),
    fc.integer({ min, max }),
    fc.constantFrom(min, max),
  );
}

function objectFor(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, validValue(sub)]));
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) }) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

/** Values the schema refuses: wrong types, lengths past the limit, missing or extra members, deep nesting. */
export function hostileValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = Object.keys(schema.properties ?? {});
  const base = objectFor(schema);
  const mutations: fc.Arbitrary<unknown>[] = [
    // Not an object at all.
    fc.oneof(hostileString, fc.integer(), fc.constant(null), fc.array(hostileJson, { maxLength: 3 })),
    // One member of the wrong type, or nested far too deep.
    ...(properties.length
      ? [
          fc
            .tuple(base, fc.constantFrom(...properties), fc.oneof(hostileJson, deepJson))
            .map(([value, key, replacement]) => ({ ...value, [key]: replacement })),
        ]
      : []),
    // A string member past its limit (and past the request body limit).
    ...stringKeys(schema).map((key) =>
      fc
        .tuple(base, longString([(schema.properties?.[key]?.maxLength ?? 100) + 1, 1_100_000]))
        .map(([value, text]) => ({ ...value, [key]: text })),
    ),
    // A required member missing.
    ...(schema.required?.length
      ? [
          fc
            .tuple(base, fc.constantFrom(...schema.required))
            .map(([value, key]) => Object.fromEntries(Object.entries(value).filter(([k]) => k !== key))),
        ]
      : []),
    // Members the schema does not know, with prototype-polluting names among them.
    fc
      .tuple(
        base,
        fc.dictionary(fc.oneof(hostileString, fc.constantFrom("__proto__", "constructor", "prototype")), hostileJson, {
          minKeys: 1,
          maxKeys: 3,
        }),
      )
      .map(([value, extra]) => ({ ...extra, ...value })),
  ];
  return fc.oneof(...mutations);
}

function stringKeys(schema: JsonSchema): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, sub]) => sub.type === "string" && sub.maxLength !== undefined)
    .map(([key]) => key);
}

/** Arguments for one tool: mostly ones its schema accepts (they reach the handler), some it refuses. */
export function toolArguments(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: validValue(schema) }, { weight: 2, arbitrary: hostileValue(schema) });
}
