import { describe, expect, it } from "vitest";
import { toolkits } from "../../src/toolkits";
import { openSession, rpc, signIn } from "../helpers/worker";

/**
 * Each tool's public schema as clients see it in `tools/list`, plus the scope that gates it, one
 * file per tool in __toolsnaps__/. A tool's name, description, annotations or JSON Schemas change
 * only on purpose, with the new snapshot in the same commit (claude.ai caches tool lists, and a
 * renamed argument breaks every saved conversation that used it). After a deliberate change:
 * `UPDATE_TOOLSNAPS=1 npx vitest run test/toolkits/toolsnaps.test.ts`, then review the diff.
 */
const stored = import.meta.glob("./__toolsnaps__/*.json", { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;
const storedNames = Object.keys(stored).map((path) => path.replace(/^.*\/(.+)\.json$/, "$1"));

const scopes = new Map(toolkits.flatMap((toolkit) => toolkit.tools.map((tool) => [tool.name, tool.scope] as const)));

async function listedTools(): Promise<Record<string, unknown>[]> {
  const token = (await signIn()).tokens.access_token;
  const session = await openSession(token);
  const tools: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const reply = await rpc(token, session, "tools/list", cursor ? { cursor } : {});
    tools.push(...reply.result.tools);
    cursor = reply.result.nextCursor;
  } while (cursor);
  return tools;
}

describe("tool schema snapshots", async () => {
  const tools = await listedTools();

  it("lists every tool the toolkits define (signed in with every scope)", () => {
    expect(tools.map((tool) => tool.name).sort()).toEqual([...scopes.keys()].sort());
  });

  for (const tool of tools) {
    it(`${tool.name} matches __toolsnaps__/${tool.name}.json`, async () => {
      const snapshot = {
        name: tool.name,
        title: tool.title,
        description: tool.description,
        scope: scopes.get(tool.name as string),
        annotations: tool.annotations,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
      };
      await expect(`${JSON.stringify(snapshot, null, 2)}\n`).toMatchFileSnapshot(`./__toolsnaps__/${tool.name}.json`);
    });
  }

  it("keeps no snapshot of a tool that is gone", () => {
    const listed = new Set(tools.map((tool) => tool.name));
    expect(storedNames.filter((name) => !listed.has(name))).toEqual([]);
  });
});
