import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { readConfig } from "../../src/config";
import { defineTool, type ToolContext, UserError } from "../../src/mcp/define";
import type { SessionProps } from "../../src/mcp/props";
import { runTool as runToolOrAsk, SLOW_CALL_MS } from "../../src/mcp/run-tool";
import type { SessionStore } from "../../src/mcp/session-store";
import type { CallToolResult } from "../../src/mcp/wire";
import { memorySessionStore, memoryUserContext } from "./memory-session-store";

/** No confirmation channel here, so every call completes. */
const runTool = (...call: Parameters<typeof runToolOrAsk>) => runToolOrAsk(...call) as Promise<CallToolResult>;

const props: SessionProps = {
  userId: "u",
  displayName: "U",
  identity: "test",
  clientId: "c",
  clientName: "C",
  scopes: ["demo:use"],
};

function context(overrides: Partial<ToolContext> = {}): ToolContext & { session: SessionStore } {
  return {
    props,
    session: memorySessionStore("streamable-http"),
    ...memoryUserContext(),
    env: {} as Env,
    config: { ...readConfig({}), toolOutputMaxTokens: 300 },
    signal: new AbortController().signal,
    progress: async () => {},
    log: async () => {},
    ...overrides,
  } as ToolContext & { session: SessionStore };
}

/** The JSON log lines written while `run` runs. */
async function logLinesOf(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  await run();
  return log.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
}

const annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const tool = (handler: () => unknown, output?: z.ZodObject<z.ZodRawShape>) =>
  defineTool({
    name: "demo_tool",
    title: "Demo",
    description: "A tool for tests.",
    scope: "demo:use",
    annotations,
    input: z.object({}),
    output,
    handler: handler as never,
  });

afterEach(() => vi.restoreAllMocks());

describe("runTool", () => {
  it("returns text replies as text and counts the call, leaving the session state alone", async () => {
    const ctx = context();
    const stateBefore = ctx.session.read();
    const before = Date.now();
    const result = await runTool(
      tool(() => ({ text: "hello" })),
      {},
      ctx,
    );
    expect(result).toEqual({ content: [{ type: "text", text: "hello" }] });
    expect(ctx.session.usage().calls).toBe(1);
    expect(ctx.session.usage().lastCallAt).toBeGreaterThanOrEqual(before);
    expect(ctx.session.read()).toBe(stateBefore);
  });

  it("counts failed and refused calls too", async () => {
    const ctx = context();
    await runTool(
      tool(() => {
        throw new UserError("No.");
      }),
      {},
      ctx,
    );
    await runTool(
      tool(() => ({ text: "x" })),
      {},
      { ...ctx, props: { ...props, scopes: [] } },
    );
    expect(ctx.session.usage().calls).toBe(2);
  });

  it("adds a text copy to structured data", async () => {
    const result = await runTool(
      tool(() => ({ data: { n: 1 } }), z.object({ n: z.number() })),
      {},
      context(),
    );
    expect(result.structuredContent).toEqual({ n: 1 });
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({ n: 1 });
  });

  it("shows a UserError's message verbatim as an isError result", async () => {
    const result = await runTool(
      tool(() => {
        throw new UserError("Pass a smaller limit.");
      }),
      {},
      context(),
    );
    expect(result).toEqual({ isError: true, content: [{ type: "text", text: "Pass a smaller limit." }] });
  });

  it("hides an unexpected error's details behind a reference, and logs no arguments", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const result = await runTool(
      tool(() => {
        throw new Error("db password is hunter2");
      }),
      { secret: "arg-value" },
      context(),
    );
    expect(result.isError).toBe(true);
    const text = (result.content[0] as { text: string }).text;
    expect(text).not.toContain("hunter2");
    const reference = /reference ([0-9a-f]{8})/.exec(text)?.[1];
    expect(reference).toBeDefined();
    const lines = log.mock.calls.map(([line]) => String(line));
    expect(lines.some((line) => line.includes(reference ?? "none"))).toBe(true);
    expect(lines.join("\n")).not.toContain("arg-value");
    const call = JSON.parse(lines.find((line) => line.includes('"tool_call"')) ?? "{}");
    expect(call).toMatchObject({ event: "tool_call", tool: "demo_tool", outcome: "failed" });
    expect(typeof call.ms).toBe("number");
  });

  it("refuses a tool outside the grant, naming the scope, without running it", async () => {
    const handler = vi.fn(() => ({ text: "ran" }));
    const result = await runTool(tool(handler), {}, context({ props: { ...props, scopes: [] } }));
    expect(handler).not.toHaveBeenCalled();
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toContain('"demo:use"');
  });

  it("logs no tool_call line for an ok call by default", async () => {
    const lines = await logLinesOf(() =>
      runTool(
        tool(() => ({ text: "fine" })),
        {},
        context(),
      ),
    );
    expect(lines.filter((line) => line.event === "tool_call")).toEqual([]);
  });

  it("logs a tool_call line for user errors and refusals by default", async () => {
    const lines = await logLinesOf(async () => {
      await runTool(
        tool(() => {
          throw new UserError("No.");
        }),
        {},
        context(),
      );
      await runTool(
        tool(() => ({ text: "x" })),
        {},
        context({ props: { ...props, scopes: [] } }),
      );
    });
    expect(lines.filter((line) => line.event === "tool_call").map((line) => line.outcome)).toEqual([
      "user_error",
      "denied",
    ]);
  });

  it("logs every call with LOG_TOOL_CALLS=all", async () => {
    const config = { ...readConfig({ LOG_TOOL_CALLS: "all" }), toolOutputMaxTokens: 300 };
    const lines = await logLinesOf(() =>
      runTool(
        tool(() => ({ text: "fine" })),
        {},
        context({ config }),
      ),
    );
    expect(lines).toEqual([{ event: "tool_call", tool: "demo_tool", outcome: "ok", ms: expect.any(Number) }]);
  });

  it("logs an ok call once it takes longer than the slow-call threshold", async () => {
    // A handler that advances the clock stands in for a slow one; nothing here measures real time.
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const taking = (ms: number) => tool(() => ((now += ms), { text: "done" }));
    const lines = await logLinesOf(async () => {
      await runTool(taking(SLOW_CALL_MS), {}, context());
      await runTool(taking(SLOW_CALL_MS + 1), {}, context());
    });
    expect(lines).toEqual([{ event: "tool_call", tool: "demo_tool", outcome: "ok", ms: SLOW_CALL_MS + 1 }]);
  });

  it("applies the configured output cap, in estimated tokens", async () => {
    // 1,200 ASCII characters are 400 estimated tokens; 100 are kept for the note, 200 for the text.
    const result = await runTool(
      tool(() => ({ text: "b".repeat(1_200) })),
      {},
      context(),
    );
    expect((result.content[0] as { text: string }).text).toHaveLength(600);
    expect((result.content[1] as { text: string }).text).toContain("about 200 of 400 tokens omitted");
  });

  it("counts the structured data and its text copy both", async () => {
    // Each copy alone is under the 300-token cap; together they are over it.
    const data = { items: "語".repeat(130) };
    const output = z.object({ items: z.string() });
    expect(JSON.stringify(data).length).toBeLessThan(150);
    const result = await runTool(
      tool(() => ({ data }), output),
      {},
      context(),
    );
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toMatch(
      /demo_tool was about \d+ tokens, over this connector's 300-token limit/,
    );
    const half = await runTool(
      tool(() => ({ data: { items: "語".repeat(90) } }), output),
      {},
      context(),
    );
    expect(half.isError).toBeUndefined();
  });
});
