/**
 * The e2e harness (test/e2e/harness.ts, oauth.ts) for a plain Node runner. Node cannot load those
 * files as they are (extensionless imports, constructor parameter properties), so esbuild, already
 * installed with wrangler, compiles them into bench/.build on each run. The output sits two levels
 * below the repository root, like its source, so the harness still finds the repository from its
 * own URL.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPO_ROOT = resolve(BENCH_DIR, "..");
const OUT_FILE = join(BENCH_DIR, ".build", "e2e-harness.mjs");

/** @returns {Promise<typeof import("../../test/e2e/harness.ts") & typeof import("../../test/e2e/oauth.ts")>} */
export async function loadHarness() {
  await build({
    stdin: {
      contents: 'export * from "./test/e2e/harness.ts";\nexport * from "./test/e2e/oauth.ts";\n',
      resolveDir: REPO_ROOT,
      loader: "ts",
      sourcefile: "bench-harness-entry.ts",
    },
    outfile: OUT_FILE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    packages: "external",
    logLevel: "error",
  });
  // A query per load, so a second run in one process picks up a rebuilt file.
  return import(`${pathToFileURL(OUT_FILE).href}?t=${Date.now()}`);
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const LOG_LIMIT = 64 * 1024;

/**
 * `wrangler dev` for a benchmark worker with its own wrangler.toml (floor, template). It does what
 * the e2e harness's startDevServer does (free loopback port, throwaway storage, its own process
 * group, ready when `/health` says ok), which has no option for another config file yet.
 * @param {object} options
 * @param {Awaited<ReturnType<typeof loadHarness>>} options.harness
 * @param {string} options.configPath relative to the repository root
 * @param {Record<string, string>} [options.secrets] written to a temporary env file (so no .dev.vars is read)
 */
export async function startBenchWorker({ harness, configPath, secrets }) {
  const dir = await mkdtemp(join(tmpdir(), "outpost-bench-"));
  const envFile = join(dir, "secrets.env");
  if (secrets) await writeFile(envFile, Object.entries(secrets).map(([key, value]) => `${key}=${JSON.stringify(value)}\n`).join(""), { mode: 0o600 });
  const port = await harness.freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    join(REPO_ROOT, "node_modules", "wrangler", "bin", "wrangler.js"),
    "dev",
    "--config",
    configPath,
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    join(dir, "state"),
    "--show-interactive-dev-session=false",
    ...(secrets ? ["--env-file", envFile] : []),
  ];
  const env = harness.childEnv({ WRANGLER_LOG_PATH: join(dir, "logs") });
  const child = spawn(harness.NODE, args, { cwd: REPO_ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk) => {
    output = (output + chunk.toString("utf8")).slice(-LOG_LIMIT);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise((resolveExit) => child.once("exit", resolveExit));
  let hasExited = false;
  exited.then(() => (hasExited = true));
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const onExit = () => killGroup("SIGKILL");
  process.once("exit", onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
    // wrangler can exit before its workerd children: clear the whole group.
    killGroup("SIGKILL");
    process.removeListener("exit", onExit);
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  const started = Date.now();
  try {
    for (;;) {
      if (hasExited) throw new Error(`wrangler dev exited before it was ready (exit code ${child.exitCode})`);
      if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`wrangler dev was not ready within ${READY_TIMEOUT_MS / 1000} s`);
      try {
        const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok && (await response.json()).status === "ok") break;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- wrangler output ---\n${output}`);
  }
  return { url, port, log: () => output, stop };
}
