/**
 * Start-up and size, both offline. `wrangler deploy --dry-run` bundles the worker once, exactly as
 * it would be uploaded (the modules with a source map, and the upload form); the sizes come from
 * the modules, and `wrangler check startup --worker <form>` runs that same bundle's top-level code
 * in workerd under the CPU profiler, so the profile maps back to source files through the map.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { moduleOf, sourceLookup } from "./source-map.mjs";

const run = promisify(execFile);
const KIB = 1024;

function wrangler(harness, dir, args) {
  return run(harness.NODE, [join(harness.REPO_ROOT, "node_modules", "wrangler", "bin", "wrangler.js"), ...args], {
    cwd: harness.REPO_ROOT,
    env: harness.childEnv({ WRANGLER_LOG_PATH: join(dir, "logs") }),
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  });
}

/**
 * Bundle the worker and measure it. Call `remove()` when done with the build.
 * @returns {Promise<{ size: object, startup(): Promise<object>, remove(): Promise<void> }>}
 */
export async function buildWorker(harness, configPath) {
  const dir = await mkdtemp(join(tmpdir(), "outpost-bench-build-"));
  const outdir = join(dir, "out");
  const form = join(dir, "worker.bundle");
  const metafile = join(dir, "meta.json");
  const { stdout, stderr } = await wrangler(harness, dir, [
    "deploy",
    "--dry-run",
    "--config",
    configPath,
    "--outdir",
    outdir,
    "--outfile",
    form,
    "--metafile",
    metafile,
  ]);
  const files = (await readdir(outdir)).filter((file) => !file.endsWith(".map") && file !== "README.md");
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = await readFile(join(outdir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  // wrangler's own figures, for comparison with the dashboard: "Total Upload: 3585.33 KiB / gzip: 681.38 KiB".
  const reported = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(stdout + stderr);
  const size = {
    files,
    rawKiB: Number((raw / KIB).toFixed(1)),
    gzipKiB: Number((gzip / KIB).toFixed(1)),
    wranglerRawKiB: reported ? Number(reported[1]) : null,
    wranglerGzipKiB: reported ? Number(reported[2]) : null,
    byModule: await bytesByModule(metafile),
  };

  let lookup;
  return {
    size,
    /** One `wrangler check startup` run: the profile's "Active" time (GC included) and where it went. */
    async startup() {
      const outfile = join(dir, "startup.cpuprofile");
      const { stdout: out, stderr: err } = await wrangler(harness, dir, [
        "check",
        "startup",
        "--worker",
        form,
        "--outfile",
        outfile,
      ]);
      const text = out + err;
      const active = /Active:\s*([\d.]+)\s*ms(?:\s*\(including\s*([\d.]+)\s*ms garbage collection\))?/.exec(text);
      if (!active) throw new Error(`wrangler check startup printed no "Active" time:\n${text.slice(-2000)}`);
      lookup ??= await mainModuleLookup(outdir);
      const profile = JSON.parse(await readFile(outfile, "utf8"));
      return {
        activeMs: Number(active[1]),
        gcMs: active[2] ? Number(active[2]) : null,
        byModule: selfTimeByModule(profile, lookup),
      };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Raw (minified, before gzip) output bytes per package or source file, from esbuild's metafile. */
async function bytesByModule(metafile, top = 10) {
  try {
    const meta = JSON.parse(await readFile(metafile, "utf8"));
    const totals = new Map();
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs ?? {})) {
        const key = input.includes("node_modules")
          ? moduleOf(input)
          : input.includes("src/")
            ? "src/ (our code)"
            : "(other)";
        totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
      }
    }
    return [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([module, bytes]) => ({ module, rawKiB: Number((bytes / KIB).toFixed(1)) }));
  } catch {
    return [];
  }
}

async function mainModuleLookup(outdir) {
  try {
    return sourceLookup(JSON.parse(await readFile(join(outdir, "index.js.map"), "utf8")));
  } catch {
    return () => null;
  }
}

const MODULE_BODY = /^(node_modules|src)\/.+\.[cm]?[jt]sx?$/;

/** Self time in a V8 .cpuprofile, summed by the package or source file each function came from. */
function selfTimeByModule(profile, lookup) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const deltas = profile.timeDeltas ?? [];
  const totals = new Map();
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)?.callFrame;
    // Idle is not start-up CPU (the "Active" figure leaves it out too).
    if (!frame || frame.functionName === "(idle)") return;
    let key = frame.functionName.startsWith("(") ? frame.functionName : "(runtime)";
    if (frame.url.endsWith("index.js")) {
      // esbuild names each lazily initialised module's body after its path; other functions are
      // placed through the source map. What neither covers is esbuild's own module glue, whose
      // self time is mostly compiling the module bodies it calls.
      const source = MODULE_BODY.test(frame.functionName)
        ? frame.functionName
        : lookup(frame.lineNumber, frame.columnNumber);
      key = source ? moduleOf(source) : "(bundle glue: module compile)";
    }
    totals.set(key, (totals.get(key) ?? 0) + (deltas[index] ?? 0));
  });
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([module, micros]) => ({ module, ms: Number((micros / 1000).toFixed(1)) }));
}

/** The median run, every run's figure, and the median run's breakdown (its top entries). */
export function medianStartup(samples, top = 10) {
  const sorted = [...samples].sort((a, b) => a.activeMs - b.activeMs);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return {
    runs: samples.length,
    activeMs: median.activeMs,
    gcMs: median.gcMs,
    allActiveMs: samples.map((sample) => sample.activeMs),
    byModule: median.byModule.slice(0, top),
  };
}
