/**
 * Keeps the benchmark harness from rotting: `node bench/run.mjs --smoke` starts every benchmarked
 * worker, runs each scenario with a few requests, and must finish with zero errors and a number for
 * every figure. No timing is asserted here; speed is judged only by the full `npm run bench`.
 */
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, NODE, REPO_ROOT } from "./harness";

interface LoadResult {
  requests: number;
  errors: number;
  errorSamples: string[];
  perSecond: number;
  latencyMs: { count: number; p50: number | null; p99: number | null };
}
type Kind = "fixed" | "session" | "stateless";
interface TargetResult {
  kind: Kind;
  latency: LoadResult;
  throughput: (LoadResult & { concurrency: number; sessions: number })[];
  initialize?: LoadResult;
  sessionless?: LoadResult;
  ping?: LoadResult;
  modern?: Record<"refused" | "discover" | "list", LoadResult>;
  errors: number;
  errorSamples: string[];
}
const TARGETS = {
  floor: "fixed",
  template: "session",
  stateless: "stateless",
  outpost: "session",
  outpostModern: "stateless",
} as const;
interface BenchResult {
  smoke: boolean;
  environment: { machine: { cores: number; memoryGiB: number }; versions: Record<string, string | null>; date: string };
  targets: Record<keyof typeof TARGETS, TargetResult>;
  sizes: Record<
    "template" | "stateless" | "outpost",
    { bundle: { rawKiB: number; gzipKiB: number }; startup: { activeMs: number } }
  >;
  modernBuild: { tools: number; p50: Record<string, number | null>; buildMs: Record<string, number> };
  evaluation: { goals: { goal: string; met: boolean }[] };
}

// Five targets on four dev servers, three bundles and the build-cost worker: minutes on a loaded 2-core machine.
const SMOKE_TIMEOUT_MS = 360_000;
const DOCS = ["benchmarks.md", "benchmarks.json"].map((file) => join(REPO_ROOT, "docs", file));
const stamp = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : null);

let dir: string;
let exitCode: number | null;
let output = "";
let result: BenchResult;
let docsBefore: (number | null)[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "outpost-bench-smoke-"));
  const jsonPath = join(dir, "result.json");
  docsBefore = DOCS.map(stamp);
  const child = spawn(NODE, ["bench/run.mjs", "--smoke", "--json", jsonPath], {
    cwd: REPO_ROOT,
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  exitCode = await new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));
  if (existsSync(jsonPath)) result = JSON.parse(await readFile(jsonPath, "utf8")) as BenchResult;
}, SMOKE_TIMEOUT_MS);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("npm run bench, smoke mode", () => {
  it("exits 0 and writes its result where it was told", () => {
    expect(exitCode, output).toBe(0);
    expect(result?.smoke, output).toBe(true);
  });

  it("leaves docs/benchmarks.md and .json alone", () => {
    expect(DOCS.map(stamp)).toEqual(docsBefore);
  });

  it("states the machine, versions and date every figure depends on", () => {
    expect(result.environment.machine.cores).toBeGreaterThan(0);
    expect(result.environment.machine.memoryGiB).toBeGreaterThan(0);
    expect(result.environment.versions.wrangler).toMatch(/^\d+\.\d+\.\d+/);
    expect(Number.isNaN(Date.parse(result.environment.date))).toBe(false);
  });

  it.each(Object.entries(TARGETS))(
    "%s (%s): every scenario ran with zero errors and produced numbers",
    (name, kind) => {
      const target = result.targets[name as keyof typeof TARGETS];
      expect(target.kind).toBe(kind);
      expect(target.errors, JSON.stringify(target.errorSamples)).toBe(0);
      const byKind = {
        fixed: [target.initialize],
        session: [target.initialize, target.sessionless, target.ping],
        stateless: Object.values(target.modern ?? {}),
      };
      const runs = [target.latency, ...target.throughput, ...byKind[kind]];
      expect(target.throughput).toHaveLength(2);
      if (kind === "stateless")
        expect(Object.keys(target.modern ?? {}).sort()).toEqual(["discover", "list", "refused"]);
      for (const run of runs) {
        if (!run) throw new Error(`${name}: a ${kind} scenario is missing`);
        expect(run.requests).toBeGreaterThan(0);
        expect(run.errors).toBe(0);
        expect(run.latencyMs.count).toBe(run.requests);
        expect(run.latencyMs.p50).toBeGreaterThan(0);
        expect(run.perSecond).toBeGreaterThan(0);
      }
    },
  );

  it.each(["template", "stateless", "outpost"] as const)("%s: bundle size and start-up CPU were measured", (name) => {
    const { bundle, startup } = result.sizes[name];
    expect(bundle.gzipKiB).toBeGreaterThan(0);
    expect(bundle.rawKiB).toBeGreaterThan(bundle.gzipKiB);
    expect(startup.activeMs).toBeGreaterThan(0);
  });

  it("timed the 2026-07-28 leg's per-request server build inside the isolate", () => {
    const { tools, p50, buildMs } = result.modernBuild;
    expect(tools).toBeGreaterThan(0);
    for (const [operation, value] of Object.entries(p50)) expect(value, operation).toBeGreaterThanOrEqual(0);
    expect(Object.keys(buildMs).sort()).toEqual(["server/discover", "tools/call", "tools/list"]);
  });

  it("judges every goal from the issues", () => {
    expect(result.evaluation.goals.map((goal) => goal.goal)).toHaveLength(9);
    for (const goal of result.evaluation.goals) expect(typeof goal.met).toBe("boolean");
  });
});
