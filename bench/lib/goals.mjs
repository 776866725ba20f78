/**
 * The goals from the benchmark issues, judged on one run. Ratios compare targets measured in the
 * same run (the same rounds), so they hold while absolute numbers drift with the machine's load.
 * A missed goal is reported as missed; nothing here fails the run.
 */
import { ratio } from "./stats.mjs";

export const GOALS = {
  /** 2026-07-28 leg: tool-call p50 against the stateless template and against the floor. */
  modernToStateless: 1.1,
  modernToFloor: 1.6,
  /** 2026-07-28 leg: throughput at the highest concurrency against the McpAgent template. */
  modernThroughputToTemplate: 2,
  /** 2025-era leg against the McpAgent template. */
  legacyToTemplate: 1.05,
  legacyThroughputToTemplate: 0.95,
  bundleGzipBytes: 1_000_000,
  startupCpuMs: 100,
};

const p50 = (run) => run?.latencyMs.p50;

/** Throughput ratios, step by step (the steps are the same for every target). */
function throughputRatios(target, against) {
  return target.throughput.map((step, index) => ({
    concurrency: step.concurrency,
    ratio: ratio(step.perSecond, against.throughput[index]?.perSecond),
  }));
}

/** One target against each named baseline: tool-call p50 and p99, and throughput step by step. */
function against(target, baselines) {
  return Object.fromEntries(
    Object.entries(baselines).map(([name, baseline]) => [
      name,
      {
        p50: ratio(p50(target.latency), p50(baseline.latency)),
        p99: ratio(target.latency.latencyMs.p99, baseline.latency.latencyMs.p99),
        throughput: throughputRatios(target, baseline),
      },
    ]),
  );
}

const atMost = (value, limit) => value !== null && value <= limit;
const atLeast = (value, limit) => value !== null && value >= limit;

export function evaluate({ targets, sizes }) {
  const { floor, template, stateless, outpost, outpostModern } = targets;
  const ratios = {
    legacy: against(outpost, { template, floor }),
    modern: against(outpostModern, { stateless, template, floor }),
    /** How the two baselines compare with each other, for scale. */
    stateless: against(stateless, { template }),
    legacyInitializeToTemplate: ratio(p50(outpost.initialize), p50(template.initialize)),
  };
  const { legacy, modern } = ratios;
  const highest = modern.template.throughput.at(-1);
  const goals = [
    {
      goal: `2026-07-28 tool-call p50 ≤ ${GOALS.modernToStateless}× stateless template`,
      actual: `${modern.stateless.p50}×`,
      met: atMost(modern.stateless.p50, GOALS.modernToStateless),
    },
    {
      goal: `2026-07-28 tool-call p50 ≤ ${GOALS.modernToFloor}× floor`,
      actual: `${modern.floor.p50}×`,
      met: atMost(modern.floor.p50, GOALS.modernToFloor),
    },
    {
      goal: `2026-07-28 throughput at concurrency ${highest.concurrency} ≥ ${GOALS.modernThroughputToTemplate}× McpAgent template`,
      actual: `${highest.ratio}×`,
      met: atLeast(highest.ratio, GOALS.modernThroughputToTemplate),
    },
    {
      goal: `2025-era tool-call p50 ≤ ${GOALS.legacyToTemplate}× McpAgent template`,
      actual: `${legacy.template.p50}×`,
      met: atMost(legacy.template.p50, GOALS.legacyToTemplate),
    },
    ...legacy.template.throughput.map((step) => ({
      goal: `2025-era throughput at concurrency ${step.concurrency} ≥ ${GOALS.legacyThroughputToTemplate}× McpAgent template`,
      actual: `${step.ratio}×`,
      met: atLeast(step.ratio, GOALS.legacyThroughputToTemplate),
    })),
    {
      goal: "zero errors",
      actual: Object.entries(targets)
        .map(([name, target]) => `${name} ${target.errors}/${target.requests}`)
        .join(", "),
      met: Object.values(targets).every((target) => target.errors === 0),
    },
    {
      goal: "Outpost bundle < 1 MB gzip",
      actual: `${sizes.outpost.bundle.gzipKiB} KiB`,
      met: sizes.outpost.bundle.gzipKiB * 1024 < GOALS.bundleGzipBytes,
    },
    {
      goal: `Outpost start-up CPU < ${GOALS.startupCpuMs} ms`,
      actual: `${sizes.outpost.startup.activeMs} ms`,
      met: sizes.outpost.startup.activeMs < GOALS.startupCpuMs,
    },
  ];
  return { ratios, goals };
}
