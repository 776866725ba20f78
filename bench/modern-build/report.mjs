/** The per-request build section of docs/benchmarks.md, from build-cost.mjs's figures. */
import { cell, table } from "../lib/markdown.mjs";
import { ratio } from "../lib/stats.mjs";

/** What each timed operation is, in the order shown. */
export const OPERATIONS = {
  build: "`buildModernServer` for a full grant (every tool and prompt registered, resource handlers set)",
  "build: tools/call": "`buildModernServer` for a `tools/call` of `calculate` (only that tool)",
  handler: "`createMcpHandler` (the SDK's handler object, one per request)",
  "schemas: calculate":
    "zod → JSON Schema of `calculate`'s input and output, uncached (what the SDK did on each `tools/call`)",
  "schemas: every tool":
    "zod → JSON Schema of every tool's input and output, uncached (what a fresh server did for each `tools/list`)",
  "tools/call": "`serveModern`, whole: `calculate` on `2 + 3`, reply read",
  "tools/list": "`serveModern`, whole: `tools/list`, reply read",
  "server/discover": "`serveModern`, whole: `server/discover`, reply read",
};

const percent = (value) => (value === null || value === undefined ? null : Number((value * 100).toFixed(1)));

export function renderModernBuild(data, httpCallP50) {
  if (!data) return "Not measured in this run.";
  const { p50, plan, clock, buildMs, share } = data;
  return [
    "### Building the per-request server",
    "",
    "Timed inside one isolate by `bench/modern-build/` (Outpost's own `serveModern`, `buildModernServer` and",
    "`createMcpHandler`, no HTTP and no token check), wall time under `wrangler dev`. The clock there moves in whole",
    `milliseconds (a 20 M-step loop measured ${clock.elapsedMs} ms), so each sample repeats its operation for at least`,
    `${plan.sampleMs} ms; ${plan.samples} samples per operation, the operations taking turns in a shuffled order. p50 in ms:`,
    "",
    table(
      ["operation", "p50 (ms)"],
      Object.entries(OPERATIONS).map(([name, what]) => [what, cell(p50[name])]),
    ),
    "",
    table(
      ["request", "server and handler built (ms)", "whole request in-process (ms)", "build's share"],
      Object.entries(buildMs).map(([method, ms]) => [
        `\`${method}\``,
        cell(ms),
        cell(p50[method]),
        cell(percent(share[method]), " %"),
      ]),
    ),
    "",
    `Against the 2026-07-28 tool call's p50 over HTTP above (${cell(httpCallP50)} ms), building its server and handler is` +
      ` ${cell(percent(ratio(buildMs["tools/call"], httpCallP50)), " %")}.`,
  ].join("\n");
}
