#!/usr/bin/env node
/**
 * `npm run bench`: measure Outpost's two protocol legs against a template McpAgent + OAuthProvider
 * worker, a stateless SDK v2 + OAuthProvider worker and a trivial floor worker, each under its own
 * `wrangler dev` on loopback, in one run on one machine, plus what the 2026-07-28 leg spends on
 * building its per-request server, and write docs/benchmarks.md and docs/benchmarks.json.
 *
 *   node bench/run.mjs                  full run (a few minutes), writes docs/
 *   node bench/run.mjs --smoke          a few requests per scenario; writes nothing to docs/
 *   node bench/run.mjs --json <file>    also write the JSON result to <file>
 *   node bench/run.mjs --wait-for-quiet first wait (up to 10 minutes) for the 1-minute load average
 *                                       to fall below the number of cores; the page says if it never did
 *   node bench/run.mjs --render         re-render docs/benchmarks.md from docs/benchmarks.json
 *                                       (after editing bench/findings.md), judging the goals again
 *                                       from the saved figures, measuring nothing
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { describeEnvironment, waitForQuiet } from "./lib/environment.mjs";
import { evaluate } from "./lib/goals.mjs";
import { loadHarness } from "./lib/harness.mjs";
import { renderMarkdown } from "./lib/report.mjs";
import { FULL_PLAN, measureAll, SMOKE_PLAN } from "./lib/scenarios.mjs";
import { buildWorker, medianStartup } from "./lib/size.mjs";
import { startFloor, startOutpost, startStateless, startTemplate } from "./lib/targets.mjs";
import benchModernBuild from "./modern-build/build-cost.mjs";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, "..");
const WORKSPACE_BENCH = join(BENCH_DIR, "workspace", "search.mjs");

const { values: options } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    json: { type: "string" },
    render: { type: "boolean", default: false },
    "wait-for-quiet": { type: "boolean", default: false },
  },
  strict: true,
});
const DOCS_JSON = join(REPO_ROOT, "docs", "benchmarks.json");
const DOCS_MD = join(REPO_ROOT, "docs", "benchmarks.md");

if (options.render) {
  const saved = JSON.parse(await readFile(DOCS_JSON, "utf8"));
  // The goals are judged again from the saved figures, so a change to how they are judged shows.
  saved.evaluation = evaluate(saved);
  await writeFile(DOCS_MD, renderMarkdown(saved, saved.workspaceSearchMarkdown ?? null));
  process.stderr.write("re-rendered docs/benchmarks.md from docs/benchmarks.json\n");
  process.exit(0);
}
const smoke = options.smoke;
const plan = smoke ? SMOKE_PLAN : FULL_PLAN;
const started = Date.now();
const log = (message) =>
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);

const quiet = options["wait-for-quiet"] ? await waitForQuiet({ log }) : undefined;
const measureStarted = Date.now();
const environment = describeEnvironment(
  REPO_ROOT,
  smoke ? "node bench/run.mjs --smoke" : `npm run bench${quiet ? " -- --wait-for-quiet" : ""}`,
);
if (quiet) environment.quiet = quiet;
log(
  `${environment.machine.cores} cores, load average ${environment.loadAverageAtStart.join(" ")}${smoke ? ", smoke mode" : ""}`,
);
const harness = await loadHarness();

// All of them run for the whole measurement, so their slices can interleave (scenarios.mjs).
const running = [];
let targets;
try {
  for (const start of [startFloor, startTemplate, startStateless, startOutpost]) {
    for (const target of await start(harness)) {
      running.push(target);
      log(`${target.name}: ready at ${target.url}`);
    }
  }
  targets = await measureAll(running, plan, log);
} finally {
  await Promise.all(running.map((target) => target.stop()));
}

const sizes = {};
const builds = {};
try {
  for (const [name, configPath] of [
    ["template", "bench/template/wrangler.toml"],
    ["stateless", "bench/stateless/wrangler.toml"],
    ["outpost", "wrangler.toml"],
  ]) {
    log(`${name}: bundle size`);
    builds[name] = await buildWorker(harness, configPath);
    sizes[name] = { bundle: builds[name].size };
  }
  // Start-up runs rotate between the workers, like the load slices, so background load is shared.
  const startupRuns = smoke ? 1 : 7;
  const samples = Object.fromEntries(Object.keys(builds).map((name) => [name, []]));
  const names = Object.keys(samples);
  for (let run = 0; run < startupRuns; run++) {
    for (const name of names.map((_, i) => names[(i + run) % names.length])) {
      log(`${name}: start-up CPU, run ${run + 1} of ${startupRuns}`);
      samples[name].push(await builds[name].startup());
    }
  }
  for (const name of Object.keys(samples)) sizes[name].startup = medianStartup(samples[name]);
} finally {
  await Promise.all(Object.values(builds).map((build) => build.remove()));
}

log("2026-07-28: per-request server build, inside one isolate");
const modernBuild = (await benchModernBuild({ smoke, harness })).data;

let workspaceSearch = null;
if (existsSync(WORKSPACE_BENCH)) {
  log("workspace search scaling");
  try {
    const { default: benchWorkspaceSearch } = await import(pathToFileURL(WORKSPACE_BENCH).href);
    workspaceSearch = await benchWorkspaceSearch({ smoke });
  } catch (error) {
    // Its own failure must not throw away the figures above; the section says what went wrong.
    const message = error instanceof Error ? error.message : String(error);
    log(`workspace search scaling failed: ${message}`);
    workspaceSearch = {
      markdown: `Not measured: the workspace search benchmark failed in this run (${message.split("\n")[0]}).`,
      data: { error: message },
    };
  }
}

environment.loadAverageAtEnd = loadavg().map((value) => Number(value.toFixed(2)));
environment.seconds = Math.round((Date.now() - measureStarted) / 1000);
const result = {
  environment,
  smoke,
  plan,
  targets,
  sizes,
  modernBuild,
  workspaceSearch: workspaceSearch?.data ?? null,
  workspaceSearchMarkdown: workspaceSearch?.markdown ?? null,
};
result.evaluation = evaluate(result);

const json = `${JSON.stringify(result, null, 2)}\n`;
if (options.json) await writeFile(options.json, json);
if (!smoke) {
  await mkdir(join(REPO_ROOT, "docs"), { recursive: true });
  await writeFile(DOCS_JSON, json);
  await writeFile(DOCS_MD, renderMarkdown(result, workspaceSearch?.markdown ?? null));
  log("wrote docs/benchmarks.md and docs/benchmarks.json");
}
for (const goal of result.evaluation.goals) log(`${goal.met ? "met    " : "MISSED "} ${goal.goal}: ${goal.actual}`);
log(`done in ${environment.seconds} s`);
// Errors are a failure in any mode; missed speed goals are reported, not fatal.
process.exitCode = Object.values(targets).some((target) => target.errors > 0) || workspaceSearch?.data?.error ? 1 : 0;
