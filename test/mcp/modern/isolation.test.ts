/**
 * What the 2026-07-28 leg may share between requests in one isolate, and what it must not: the
 * JSON Schema of each tool definition is converted once per isolate (json-schema-cache.ts), while
 * every request still gets its own server built from its own grant and its own user's data. Two
 * callers with different grants and different users hit the same isolate interleaved and at once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { catalogOf } from "../../../src/mcp/catalog";
import { isGranted } from "../../../src/mcp/define";
import { withCachedJsonSchema } from "../../../src/mcp/modern/json-schema-cache";
import { toolkits } from "../../../src/toolkits";
import { CALC_USE } from "../../../src/toolkits/calculator/scopes";
import { WORKSPACE_READ, WORKSPACE_WRITE } from "../../../src/toolkits/workspace/scopes";
import { tokensFor } from "../../helpers/grants";
import { modernRpc, modernTool } from "../../helpers/modern";

const catalog = catalogOf(toolkits);
const JSON_SCHEMA_TARGET = { target: "draft-2020-12" } as const;
const toolsFor = (scopes: string[]) =>
  catalog.tools.filter((tool) => isGranted(scopes, tool.scope)).map((tool) => tool.name);
const listedNames = async (token: string) =>
  ((await modernRpc(token, "tools/list")).result.tools as { name: string }[]).map((tool) => tool.name);

const ALICE_SCOPES = [CALC_USE];
const BOB_SCOPES = [WORKSPACE_READ, WORKSPACE_WRITE];
let alice: string;
let bob: string;
beforeAll(async () => {
  alice = (await tokensFor("test:modern-alice", ALICE_SCOPES)).access_token;
  bob = (await tokensFor("test:modern-bob", BOB_SCOPES)).access_token;
});

describe("two callers with different grants in one isolate", () => {
  it("each lists only the tools of its own grant, one after the other and at once", async () => {
    expect(await listedNames(alice)).toEqual(toolsFor(ALICE_SCOPES));
    expect(await listedNames(bob)).toEqual(toolsFor(BOB_SCOPES));
    const tokens = Array.from({ length: 12 }, (_, i) => (i % 2 ? bob : alice));
    const lists = await Promise.all(tokens.map(listedNames));
    lists.forEach((names, i) => expect(names).toEqual(toolsFor(i % 2 ? BOB_SCOPES : ALICE_SCOPES)));
  });

  it("each can call only its own tools, whichever called first", async () => {
    const [aliceCalc, bobCalc, aliceNotes, bobNotes] = await Promise.all([
      modernTool(alice, "calculate", { expression: "6 * 7" }),
      modernTool(bob, "calculate", { expression: "6 * 7" }),
      modernTool(alice, "notes_list", {}),
      modernTool(bob, "notes_list", {}),
    ]);
    expect(aliceCalc.result.structuredContent.result).toBe("42");
    expect(bobNotes.result.isError).toBeFalsy();
    for (const refused of [bobCalc, aliceNotes])
      expect(refused.error?.code ?? (refused.result?.isError ? "isError" : "ok")).not.toBe("ok");
  });

  it("sees only its own user's data when two users write and read at once", async () => {
    const carol = (await tokensFor("test:modern-carol", BOB_SCOPES)).access_token;
    await Promise.all([
      modernTool(bob, "notes_create", { title: "Bob's plan", body: "only for bob" }),
      modernTool(carol, "notes_create", { title: "Carol's plan", body: "only for carol" }),
    ]);
    const [bobList, carolList] = await Promise.all([
      modernTool(bob, "notes_list", {}),
      modernTool(carol, "notes_list", {}),
    ]);
    const titles = (reply: Record<string, any>) =>
      (reply.result.structuredContent.notes as { title: string }[]).map((note) => note.title);
    expect(titles(bobList)).toContain("Bob's plan");
    expect(titles(bobList)).not.toContain("Carol's plan");
    expect(titles(carolList)).toEqual(["Carol's plan"]);
  });
});

describe("JSON Schema converted once per isolate", () => {
  it("lists every tool's schemas exactly as its definition converts them, on every request", async () => {
    const everyScope = [...new Set(catalog.tools.map((tool) => tool.scope))];
    const token = (await tokensFor("test:modern-schemas", everyScope)).access_token;
    for (let round = 0; round < 2; round++) {
      const listed = (await modernRpc(token, "tools/list")).result.tools as {
        name: string;
        inputSchema: unknown;
        outputSchema?: unknown;
      }[];
      expect(listed.map((tool) => tool.name)).toEqual(catalog.tools.map((tool) => tool.name));
      for (const tool of catalog.tools) {
        const entry = listed.find((candidate) => candidate.name === tool.name)!;
        expect(entry.inputSchema, tool.name).toEqual({
          type: "object",
          ...tool.input["~standard"].jsonSchema.input(JSON_SCHEMA_TARGET),
        });
        if (tool.output)
          expect(entry.outputSchema, tool.name).toEqual(tool.output["~standard"].jsonSchema.output(JSON_SCHEMA_TARGET));
      }
    }
  });

  it("converts once, hands out a frozen schema nothing can change, and validates with zod's own messages", async () => {
    const schema = z.object({ n: z.number().max(3, "n is at most 3") });
    const cached = withCachedJsonSchema(schema);
    expect(withCachedJsonSchema(schema)).toBe(cached);
    const first = cached["~standard"].jsonSchema.input(JSON_SCHEMA_TARGET);
    expect(cached["~standard"].jsonSchema.input(JSON_SCHEMA_TARGET)).toBe(first);
    expect(first).toEqual(schema["~standard"].jsonSchema.input(JSON_SCHEMA_TARGET));
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first.properties as Record<string, unknown>).n = { type: "string" };
    }).toThrow(TypeError);
    expect(await cached["~standard"].validate({ n: 5 })).toEqual(await schema["~standard"].validate({ n: 5 }));
    expect(await cached["~standard"].validate({ n: 2 })).toEqual({ value: { n: 2 } });
  });
});
