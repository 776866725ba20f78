/** The per-request build section of docs/benchmarks.md, from build-cost.mjs's figures. */
import { cell, table } from "../lib/markdown.mjs";
import { ratio } from "../lib/stats.mjs";

/** What each timed operation is, in the order shown. */
export const OPERATIONS = {
  build: "`buildModernServer` for a full grant (every tool and prompt registered, resource handlers set)",
  "build: one tool": "the same with `calculate` as the only tool (prompts and resource handlers as before)",
  handler: "`createMcpHandler` (the SDK's handler object, created per request)",
  "schemas: calculate": "zod → JSON Schema of `calculate`'s input and output (the SDK converts both on every `tools/call`)",
  "schemas: every tool": "zod → JSON Schema of every tool's input and output (what a fresh server converts for `tools/list`)",
  "tools/call": "`serveModern`, whole: `calculate` on `2 + 3`, reply read",
  "tools/list": "`serveModern`, whole: `tools/list`, reply read",
  "server/discover": "`serveModern`, whole: `server/discover`, reply read",
};

export function renderModernBuild(data, httpCallP50) {
  if (!data) return "Not measured in this run.";
  const { p50, plan, clock, perRequestBuildMs, share } = data;
  return [
    "### Building the per-request server",
    "",
    "Timed inside one isolate by `bench/modern-build/` (Outpost's own `serveModern`, `buildModernServer` and",
    "`createMcpHandler`, no HTTP and no token check), wall time under `wrangler dev`. The clock there moves in whole",
    `milliseconds (a 20 M-step loop measured ${clock.elapsedMs} ms), so each sample repeats its operation for at least`,
    `${plan.sampleMs} ms; ${plan.samples} samples per operation, the operations taking turns. p50 in ms:`,
    "",
    table(
      ["operation", "p50 (ms)"],
      Object.entries(OPERATIONS).map(([name, what]) => [what, cell(p50[name])]),
    ),
    "",
    `Per request, building the server and its handler costs ${perRequestBuildMs} ms: ${cell(percent(share["tools/call"]), " %")} of an in-process \`tools/call\`,` +
      ` ${cell(percent(share["tools/list"]), " %")} of a \`tools/list\`, ${cell(percent(share["server/discover"]), " %")} of a \`server/discover\`,` +
      ` and ${cell(percent(ratio(perRequestBuildMs, httpCallP50)), " %")} of the 2026-07-28 tool call's p50 over HTTP above (${cell(httpCallP50)} ms).`,
  ].join("\n");
}

function percent(value) {
  return value === null || value === undefined ? null : Number((value * 100).toFixed(1));
}
