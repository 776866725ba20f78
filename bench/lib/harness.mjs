/**
 * The e2e harness (test/e2e/harness.ts, oauth.ts) for a plain Node runner. Node cannot load those
 * files as they are (extensionless imports, constructor parameter properties), so esbuild, already
 * installed with wrangler, compiles them into bench/.build on each run. The output sits two levels
 * below the repository root, like its source, so the harness still finds the repository from its
 * own URL.
 */
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

/**
 * `wrangler dev` for a benchmark worker with its own wrangler.toml (floor, template), through the
 * e2e harness: free loopback port, throwaway storage, its own process group, ready on `/health`.
 * @param {object} options
 * @param {Awaited<ReturnType<typeof loadHarness>>} options.harness
 * @param {string} options.configPath relative to the repository root
 * @param {Record<string, string>} [options.secrets] written to the temporary env file (so no .dev.vars is read)
 */
export async function startBenchWorker({ harness, configPath, secrets }) {
  return harness.startDevServer({ configPath, secrets });
}
