/**
 * What building the per-request McpServer costs on the 2026-07-28 leg, against the whole request it
 * belongs to: Outpost's own `serveModern`, `buildModernServer` and `createMcpHandler`, timed inside
 * one isolate by bench/modern-build/worker.ts under its own `wrangler dev`. Called by bench/run.mjs;
 * also runnable alone:
 *
 *   node bench/modern-build/build-cost.mjs [--smoke]
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadHarness, startBenchWorker } from "../lib/harness.mjs";
import { ratio, summarize } from "../lib/stats.mjs";

const CONFIG = "bench/modern-build/wrangler.toml";
// Long samples: an operation pays for its own garbage in steady state, and little of the previous one's.
const FULL = { samples: 7, sampleMs: 200 };
const SMOKE = { samples: 1, sampleMs: 1 };

/** @returns {Promise<{ data: object }>} p50 per operation (ms), and the build's share of each request. */
export default async function benchModernBuild({ smoke = false, harness } = {}) {
  const plan = smoke ? SMOKE : FULL;
  harness ??= await loadHarness();
  const worker = await startBenchWorker({ harness, configPath: CONFIG });
  const post = async (path, body = {}) => {
    const response = await fetch(`${worker.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok || json.error)
      throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  try {
    const clock = await post("/clock");
    const { tools, results } = await post("/time", plan);
    const p50 = Object.fromEntries(Object.entries(results).map(([name, samples]) => [name, summarize(samples).p50]));
    // What each request builds: a tools/call only its tool, the others the whole grant; each makes a handler.
    const buildMs = Object.fromEntries(
      Object.entries({ "tools/call": "build: tools/call", "tools/list": "build", "server/discover": "build" }).map(
        ([method, build]) => [method, Number((p50[build] + p50.handler).toFixed(3))],
      ),
    );
    const share = Object.fromEntries(Object.entries(buildMs).map(([method, ms]) => [method, ratio(ms, p50[method])]));
    return { data: { smoke, plan, clock, tools, p50, buildMs, share, samples: results } };
  } finally {
    await worker.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { data } = await benchModernBuild({ smoke: process.argv.includes("--smoke") });
  const { samples, ...shown } = data;
  process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
}
