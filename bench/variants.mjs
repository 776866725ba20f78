#!/usr/bin/env node
/**
 * Where Outpost's extra cost goes: Outpost, and copies of it with one part of the request path
 * taken out, measured side by side with the template in rotating rounds, like `npm run bench`.
 * The copies are built under bench/.build from the current src/ with a textual patch each; a patch
 * that no longer applies stops the run rather than measuring the wrong thing.
 *
 *   node bench/variants.mjs [--smoke]    writes bench/variants.json (rendered into docs/benchmarks.md)
 */
import { randomBytes } from "node:crypto";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { describeEnvironment } from "./lib/environment.mjs";
import { loadHarness, startBenchWorker } from "./lib/harness.mjs";
import { measureAll } from "./lib/scenarios.mjs";
import { ratio } from "./lib/stats.mjs";
import { startTemplate } from "./lib/targets.mjs";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, "..");
const BUILD_DIR = join(BENCH_DIR, ".build", "variants");

/** Each patch: file, the exact code it removes, what replaces it. */
const PATCHES = {
  bind: {
    what: "session binding (the owner and props check the session object runs on McpAgent's hop, before the transport)",
    file: "src/mcp/agent.ts",
    find: /const refusal = await this\.admit\(decodeHop\(request\.headers\.get\(HOP_HEADER\)\), \{ legacyMessage: false \}\);/,
    replace: "const refusal = undefined as Refusal | undefined;",
  },
  callCount: {
    what: "the per-call counter write (calls and lastCallAt, a small storage record of their own)",
    file: "src/mcp/run-tool.ts",
    find: /ctx\.session\.recordCall\(\);/,
    replace: "",
  },
  log: {
    what: "log lines (tool_call only for failed, refused or slow calls by default; other events)",
    file: "src/mcp/log.ts",
    find: /console\.log\(JSON\.stringify\(\{ event, \.\.\.fields \}\)\);/,
    replace: "void event;\n  void fields;",
  },
};

const VARIANTS = [
  { name: "outpost", label: "Outpost (unchanged copy)", remove: [] },
  { name: "no-bind", label: "without session binding", remove: ["bind"] },
  { name: "no-call-count", label: "without the per-call counter write", remove: ["callCount"] },
  { name: "no-log", label: "without log lines", remove: ["log"] },
  { name: "lean", label: "without all three", remove: ["bind", "callCount", "log"] },
];

const FULL = {
  rounds: 4,
  warmup: { requests: 200, ms: 5_000 },
  latency: { requests: 150, ms: 3_000 },
  throughput: [{ concurrency: 8, sessions: 8, requests: 20_000, ms: 2_000 }],
};
const SMOKE = {
  rounds: 1,
  warmup: { requests: 3, ms: 10_000 },
  latency: { requests: 3, ms: 10_000 },
  throughput: [{ concurrency: 2, sessions: 2, requests: 4, ms: 10_000 }],
};

const RECALL = {
  name: "session_recall",
  arguments: {},
  check: (result) =>
    result?.isError || result?.structuredContent?.total !== 0
      ? `session_recall answered ${JSON.stringify(result).slice(0, 200)}`
      : undefined,
};

async function buildVariant(variant) {
  const dir = join(BUILD_DIR, variant.name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(join(REPO_ROOT, "src"), join(dir, "src"), { recursive: true });
  await cp(join(REPO_ROOT, "wrangler.toml"), join(dir, "wrangler.toml"));
  for (const key of variant.remove) {
    const patch = PATCHES[key];
    const path = join(dir, patch.file);
    const source = await readFile(path, "utf8");
    if (!patch.find.test(source))
      throw new Error(`${patch.file} changed: the "${key}" patch no longer applies; update bench/variants.mjs`);
    await writeFile(path, source.replace(patch.find, patch.replace));
  }
  return relative(REPO_ROOT, join(dir, "wrangler.toml"));
}

async function startVariant(harness, variant) {
  const passphrase = randomBytes(12).toString("base64url");
  const server = await startBenchWorker({
    harness,
    configPath: await buildVariant(variant),
    secrets: { OWNER_PASSPHRASE: passphrase, NOTIFY_ENCRYPTION_KEY: randomBytes(32).toString("base64") },
  });
  try {
    const { tokens } = await harness.signIn(server.url, { passphrase, clientName: "outpost-bench" });
    return {
      name: variant.name,
      label: variant.label,
      kind: "session",
      url: server.url,
      token: tokens.access_token,
      tool: RECALL,
      stop: server.stop,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

const { values: options } = parseArgs({ options: { smoke: { type: "boolean", default: false } }, strict: true });
const plan = options.smoke ? SMOKE : FULL;
const started = Date.now();
const log = (message) =>
  process.stderr.write(`[variants ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
const environment = describeEnvironment(
  REPO_ROOT,
  options.smoke ? "node bench/variants.mjs --smoke" : "node bench/variants.mjs",
);
const harness = await loadHarness();

const running = [];
let results;
try {
  running.push(...(await startTemplate(harness)));
  for (const variant of VARIANTS) {
    running.push(await startVariant(harness, variant));
    log(`${variant.name}: ready`);
  }
  results = await measureAll(running, plan, log);
} finally {
  await Promise.all(running.map((target) => target.stop()));
  await rm(BUILD_DIR, { recursive: true, force: true });
}

const template = results.template;
const rows = [template, ...VARIANTS.map((variant) => results[variant.name])].map((result, index) => ({
  name: index === 0 ? "template" : VARIANTS[index - 1].name,
  label: result.label,
  removed: index === 0 ? [] : VARIANTS[index - 1].remove.map((key) => PATCHES[key].what),
  p50Ms: result.latency.latencyMs.p50,
  p99Ms: result.latency.latencyMs.p99,
  throughputPerSecond: result.throughput[0].perSecond,
  throughputP99Ms: result.throughput[0].latencyMs.p99,
  p50ToTemplate: ratio(result.latency.latencyMs.p50, template.latency.latencyMs.p50),
  throughputToTemplate: ratio(result.throughput[0].perSecond, template.throughput[0].perSecond),
  errors: result.errors,
  requests: result.requests,
}));
environment.loadAverageAtEnd = (await import("node:os")).loadavg().map((value) => Number(value.toFixed(2)));
environment.seconds = Math.round((Date.now() - started) / 1000);
const output = { environment, smoke: options.smoke, plan, rows };
if (!options.smoke) await writeFile(join(BENCH_DIR, "variants.json"), `${JSON.stringify(output, null, 2)}\n`);
for (const row of rows)
  log(
    `${row.label}: p50 ${row.p50Ms} ms (${row.p50ToTemplate}×), ${row.throughputPerSecond}/s at concurrency 8 (${row.throughputToTemplate}×), errors ${row.errors}`,
  );
process.exitCode = rows.some((row) => row.errors > 0) ? 1 : 0;
