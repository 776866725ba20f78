/**
 * Per-tool metrics: one Analytics Engine data point per call through `runTool`, with the tool, the
 * outcome, the duration, the era and the client, and nothing a user or a token could be recovered
 * from. Miniflare's local Analytics Engine binding accepts points and drops them (it keeps nothing
 * to read back), so the points are caught with a recording dataset; the real local binding is
 * checked to accept the same shape.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { readConfig } from "../../src/config";
import { defineTool, type ToolContext, UserError } from "../../src/mcp/define";
import { recordToolCall } from "../../src/mcp/metrics";
import type { SessionProps } from "../../src/mcp/props";
import { runTool } from "../../src/mcp/run-tool";
import { memorySessionStore, memoryUserContext } from "./memory-session-store";

const MARKER = "user-secret-7f3a";
const props: SessionProps = {
  userId: `github%3A${MARKER}`,
  displayName: `Someone ${MARKER}`,
  identity: "github",
  clientId: `client-${MARKER}`,
  clientName: "Claude",
  scopes: ["demo:use"],
};

function recordingDataset(): AnalyticsEngineDataset & { points: AnalyticsEngineDataPoint[] } {
  const points: AnalyticsEngineDataPoint[] = [];
  return { points, writeDataPoint: (point?: AnalyticsEngineDataPoint) => void points.push(point ?? {}) };
}

function context(metrics: AnalyticsEngineDataset | undefined, overrides: Partial<ToolContext> = {}): ToolContext {
  return {
    props,
    session: memorySessionStore("streamable-http"),
    ...memoryUserContext(),
    env: (metrics ? { METRICS: metrics } : {}) as Env,
    config: readConfig({}),
    signal: new AbortController().signal,
    progress: async () => {},
    log: async () => {},
    ...overrides,
  };
}

const annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const tool = (handler: (args: { note?: string }) => unknown, name = "demo_tool") =>
  defineTool({
    name,
    title: "Demo",
    description: "A tool for tests.",
    scope: "demo:use",
    annotations,
    input: z.object({ note: z.string().optional() }),
    handler: handler as never,
  });

afterEach(() => vi.restoreAllMocks());

describe("tool call metrics", () => {
  it("writes one point per call: tool, outcome, era, transport, client, duration", async () => {
    const dataset = recordingDataset();
    await runTool(
      tool(() => ({ text: "ok" })),
      {},
      context(dataset),
    );
    expect(dataset.points).toHaveLength(1);
    const [point] = dataset.points;
    expect(point?.indexes).toEqual(["demo_tool"]);
    expect(point?.blobs).toEqual(["demo_tool", "ok", "2025", "streamable-http", "Claude"]);
    expect(point?.doubles).toHaveLength(1);
    expect(point?.doubles?.[0]).toBeGreaterThanOrEqual(0);
  });

  it("records every outcome, the stateless era, and the real duration", async () => {
    const dataset = recordingDataset();
    const stateless = context(dataset, { session: undefined });
    await runTool(
      tool(() => {
        throw new UserError("Pass a smaller limit.");
      }),
      {},
      stateless,
    );
    await runTool(
      tool(() => ({ text: "x" })),
      {},
      { ...stateless, props: { ...props, scopes: [] } },
    );
    vi.spyOn(console, "log").mockImplementation(() => {});
    await runTool(
      tool(() => {
        throw new Error("boom");
      }),
      {},
      stateless,
    );
    await runTool(
      tool(async () => (await new Promise((done) => setTimeout(done, 30)), { text: "slow" })),
      {},
      stateless,
    );
    expect(dataset.points.map((point) => point.blobs?.slice(1, 4))).toEqual([
      ["user_error", "2026-07-28", "stateless"],
      ["denied", "2026-07-28", "stateless"],
      ["failed", "2026-07-28", "stateless"],
      ["ok", "2026-07-28", "stateless"],
    ]);
    expect(dataset.points[3]?.doubles?.[0]).toBeGreaterThanOrEqual(25);
  });

  it("carries no arguments, results, user ids, display names or client ids", async () => {
    const dataset = recordingDataset();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await runTool(
      tool(({ note }) => ({ text: `echo ${note}` })),
      { note: MARKER },
      context(dataset, { config: { ...readConfig({}), logToolCalls: "all" } }),
    );
    await runTool(
      tool(({ note }) => {
        throw new Error(`failed on ${note}`);
      }),
      { note: MARKER },
      context(dataset),
    );
    expect(dataset.points).toHaveLength(2);
    expect(JSON.stringify(dataset.points)).not.toContain(MARKER);
    // The tool_call lines carry none either (tool_crash keeps the exception's message: see docs/metrics.md).
    const toolCallLines = log.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('"tool_call"'));
    expect(toolCallLines).toHaveLength(2);
    expect(toolCallLines.join("\n")).not.toContain(MARKER);
  });

  it("bounds what clients choose: a long or multi-line name, a long tool name", async () => {
    const dataset = recordingDataset();
    const named = (clientName: string) => context(dataset, { props: { ...props, clientName } });
    await runTool(
      tool(() => ({ text: "x" })),
      {},
      named(`My\n  App ${"é".repeat(100)}`),
    );
    await runTool(
      tool(() => ({ text: "x" })),
      {},
      named("   "),
    );
    const longName = `t${"é".repeat(80)}`;
    recordToolCall(context(dataset), longName, "ok", 1);
    expect(dataset.points[0]?.blobs?.[4]).toBe(`My App ${"é".repeat(57)}`);
    expect(dataset.points[1]?.blobs?.[4]).toBe("unnamed");
    const index = String(dataset.points[2]?.indexes?.[0]);
    expect(new TextEncoder().encode(index).length).toBeLessThanOrEqual(96);
    expect(longName.startsWith(index)).toBe(true);
  });

  it("without the binding nothing is written and the call is unchanged", async () => {
    const withMetrics = await runTool(
      tool(() => ({ text: "same" })),
      {},
      context(recordingDataset()),
    );
    const without = await runTool(
      tool(() => ({ text: "same" })),
      {},
      context(undefined),
    );
    expect(without).toEqual(withMetrics);
  });

  it("a dataset that throws never fails the call; the failure is logged by name only", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const broken: AnalyticsEngineDataset = {
      writeDataPoint: () => {
        throw new TypeError(`bad point ${MARKER}`);
      },
    };
    const result = await runTool(
      tool(() => ({ text: "fine" })),
      {},
      context(broken),
    );
    expect(result).toEqual({ content: [{ type: "text", text: "fine" }] });
    const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toContainEqual({ event: "metrics_write_failed", error: "TypeError" });
    expect(JSON.stringify(lines)).not.toContain(MARKER);
  });

  it("the binding wrangler.toml declares exists locally and accepts the points", async () => {
    expect(env.METRICS).toBeDefined();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const result = await runTool(
      tool(() => ({ text: "ok" })),
      {},
      context(env.METRICS),
    );
    expect(result).toEqual({ content: [{ type: "text", text: "ok" }] });
    expect(log.mock.calls.map(([line]) => String(line)).join("\n")).not.toContain("metrics_write_failed");
  });
});
