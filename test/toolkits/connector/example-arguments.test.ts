import { describe, expect, it } from "vitest";
import { z } from "zod";
import { exampleArguments } from "../../../src/toolkits/connector/example-arguments";
import { fenced, fenceInfo } from "../../../src/toolkits/connector/markdown";
import { stringMatching } from "../../../src/toolkits/connector/pattern-example";

const schemaOf = (shape: z.ZodRawShape) =>
  z.toJSONSchema(z.object(shape), { target: "draft-7", io: "input" }) as Record<string, unknown>;

/** The example must satisfy the schema it came from. */
function exampleFor(shape: z.ZodRawShape): Record<string, unknown> {
  const args = exampleArguments(schemaOf(shape));
  const parsed = z.object(shape).safeParse(args);
  expect(parsed.success, `${JSON.stringify(args)}: ${parsed.error?.message}`).toBe(true);
  return args;
}

describe("exampleArguments", () => {
  it("fills the required properties only, preferring the schema's own hints", () => {
    expect(
      exampleFor({
        units: z.enum(["metric", "imperial"]),
        city: z.string().min(2).describe("City name"),
        hint: z.string().meta({ examples: ["from the schema"] }),
        optional: z.string().optional(),
      }),
    ).toEqual({ units: "metric", city: "Lisbon", hint: "from the schema" });
  });

  it("shows the first property when none is required, and nothing for a tool without input", () => {
    expect(exampleFor({ key: z.string().optional(), query: z.string().optional() })).toEqual({ key: "meeting-notes" });
    expect(exampleFor({})).toEqual({});
  });

  it("respects formats, bounds and lengths", () => {
    const args = exampleFor({
      email: z.email(),
      webhook: z.url(),
      days: z.number().int().min(3).max(30),
      ratio: z.number().gt(0).lt(1),
      code: z.string().length(6),
      short: z.string().max(3),
    });
    expect(args).toMatchObject({ email: "ada@example.com", webhook: "https://example.com/", days: 3, code: "exampl" });
    expect(args.short).toHaveLength(3);
  });

  it("builds strings for pattern-constrained fields", () => {
    expect(exampleFor({ id: z.string().regex(/^ntf_[a-z0-9]{16}$/) })).toEqual({ id: `ntf_${"a".repeat(16)}` });
    expect(exampleFor({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$/) })).toEqual({ name: "example" });
  });

  it("fills nested objects, arrays and nullable values", () => {
    expect(
      exampleFor({
        tags: z.array(z.string()).min(2),
        point: z.object({ lat: z.number(), lon: z.number(), label: z.string().optional() }),
        note: z.string().nullable(),
        flag: z.boolean(),
      }),
    ).toEqual({
      tags: ["meeting-notes", "meeting-notes"],
      point: { lat: 1, lon: 1 },
      note: "Call Ada about the launch on Friday",
      flag: true,
    });
  });
});

describe("stringMatching", () => {
  it.each([
    ["^\\d{1,2}$", "1"],
    ["^[\\w.:-]{1,100}$", "a"],
    ["^(?:https?|ftp)://x$", "http://x"],
    ["^ab+c*d?$", "ab"],
    ["^x*y$", "y"],
    ["^(red|green)-\\.$", "red-."],
  ])("%s → %s", (pattern, expected) => {
    expect(stringMatching(pattern)).toBe(expected);
  });

  it("gives up on what it cannot build", () => {
    for (const pattern of ["^(?!x).$", "^(a)\\1$", "^[^a]$", "^(a$", "*", "^a{5000}$"])
      expect(stringMatching(pattern), pattern).toBeUndefined();
  });
});

describe("fenced", () => {
  it("uses a fence longer than any backtick run inside", () => {
    expect(fenced("plain", "ts")).toBe("```ts\nplain\n```");
    expect(fenced("a ``` b\n", "")).toBe("````\na ``` b\n````");
    expect(fenced("`````")).toBe("``````\n`````\n``````");
  });

  it("keeps the info string to a language name", () => {
    expect(fenceInfo("C++")).toBe("c++");
    expect(fenceInfo("ts\n# Injected heading")).toBe("ts#injectedheading");
    expect(fenceInfo(undefined)).toBe("");
  });
});
