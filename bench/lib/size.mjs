/**
 * Start-up and size, both offline: `wrangler deploy --dry-run` bundles the worker as it would be
 * uploaded, and `wrangler check startup` runs its top-level code in workerd under the CPU profiler.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

const run = promisify(execFile);

function wrangler(harness, args) {
  return run(harness.NODE, [join(harness.REPO_ROOT, "node_modules", "wrangler", "bin", "wrangler.js"), ...args], {
    cwd: harness.REPO_ROOT,
    env: harness.childEnv(),
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  });
}

const KIB = 1024;

/** Raw and gzip size of what would be uploaded (every module but source maps and the README). */
export async function bundleSize(harness, configPath) {
  const dir = await mkdtemp(join(tmpdir(), "outpost-bench-bundle-"));
  try {
    const { stdout, stderr } = await wrangler(harness, ["deploy", "--dry-run", "--config", configPath, "--outdir", dir]);
    const files = (await readdir(dir)).filter((file) => !file.endsWith(".map") && file !== "README.md");
    let raw = 0;
    let gzip = 0;
    for (const file of files) {
      const bytes = await readFile(join(dir, file));
      raw += bytes.length;
      gzip += gzipSync(bytes).length;
    }
    // wrangler's own figures, for comparison with the dashboard: "Total Upload: 3585.33 KiB / gzip: 681.38 KiB".
    const reported = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(stdout + stderr);
    return {
      files,
      rawKiB: Number((raw / KIB).toFixed(1)),
      gzipKiB: Number((gzip / KIB).toFixed(1)),
      wranglerRawKiB: reported ? Number(reported[1]) : null,
      wranglerGzipKiB: reported ? Number(reported[2]) : null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Start-up CPU of one run: the "Active" time of `wrangler check startup`'s profile (garbage
 * collection included), with the functions that took most of it.
 */
export async function startupCpu(harness, configPath) {
  const dir = await mkdtemp(join(tmpdir(), "outpost-bench-startup-"));
  try {
    const outfile = join(dir, "startup.cpuprofile");
    const { stdout, stderr } = await wrangler(harness, ["check", "startup", "--config", configPath, "--outfile", outfile]);
    const text = stdout + stderr;
    const active = /Active:\s*([\d.]+)\s*ms(?:\s*\(including\s*([\d.]+)\s*ms garbage collection\))?/.exec(text);
    if (!active) throw new Error(`wrangler check startup printed no "Active" time:\n${text.slice(-2000)}`);
    const profile = JSON.parse(await readFile(outfile, "utf8"));
    return { activeMs: Number(active[1]), gcMs: active[2] ? Number(active[2]) : null, topSelfTime: topSelfTime(profile, 8) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The median run (its profile summary kept), plus every run's figure. */
export function medianStartup(samples) {
  const sorted = [...samples].sort((a, b) => a.activeMs - b.activeMs);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return { runs: samples.length, activeMs: median.activeMs, gcMs: median.gcMs, allActiveMs: samples.map((sample) => sample.activeMs), topSelfTime: median.topSelfTime };
}

/** The functions with the most self time in a V8 .cpuprofile (samples × interval). */
function topSelfTime(profile, count) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const hits = new Map();
  const deltas = profile.timeDeltas ?? [];
  profile.samples.forEach((id, index) => hits.set(id, (hits.get(id) ?? 0) + (deltas[index + 1] ?? deltas[index] ?? 0)));
  const byFunction = new Map();
  for (const [id, micros] of hits) {
    const frame = byId.get(id)?.callFrame;
    // Idle is not start-up CPU (the "Active" figure leaves it out too).
    if (!frame || frame.functionName === "(idle)") continue;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url ? `${frame.url.split("/").pop()}:${frame.lineNumber + 1}` : ""}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([fn, micros]) => ({ function: fn, ms: Number((micros / 1000).toFixed(1)) }));
}
