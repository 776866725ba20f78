/**
 * Run one property with fast-check, seeded and bounded. Problems a known-failure entry explains are
 * counted, not failed on; anything else fails the run with fast-check's report: the seed, the path
 * to replay it, and the shrunk (minimal) counterexample.
 */
import fc from "fast-check";
import { catalogFor } from "./catalog";
import type { Problem } from "./invariants";
import { explain, type KnownFailure } from "./known-failures";
import type { FuzzProperty } from "./properties";
import type { FuzzTarget } from "./target";

export interface FuzzOptions {
  seed: number;
  numRuns: number;
  /** Stop the run (cases and shrinking) after this long; a failure found by then is still reported. */
  timeLimitMs?: number;
}

export interface FuzzOutcome {
  property: string;
  seed: number;
  runs: number;
  failed: boolean;
  /** fast-check's report when it failed: seed, replay path, minimal counterexample, the problems. */
  report?: string;
  /** Known failures the run met, and how often. */
  known: Map<KnownFailure, number>;
  ms: number;
}

export class InvariantBroken extends Error {
  override name = "InvariantBroken";
  constructor(readonly problems: Problem[]) {
    super(problems.map((problem) => `[${problem.invariant}] ${problem.detail}`).join("\n"));
  }
}

export async function fuzzProperty(
  target: FuzzTarget,
  property: FuzzProperty,
  options: FuzzOptions,
): Promise<FuzzOutcome> {
  const started = Date.now();
  const known = new Map<KnownFailure, number>();
  const catalog = await catalogFor(target);
  const arbitrary = property.arbitrary(catalog, target);
  const result = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      const problems = await property.check(target, value);
      const unexplained = problems.filter((problem) => {
        const entry = explain(property.name, problem, value);
        if (entry) known.set(entry, (known.get(entry) ?? 0) + 1);
        return !entry;
      });
      if (unexplained.length > 0) throw new InvariantBroken(unexplained);
    }),
    {
      seed: options.seed,
      numRuns: options.numRuns,
      // Shrinking replays cases one by one: bound the whole run so a failure is reported in reasonable time.
      ...(options.timeLimitMs !== undefined && { interruptAfterTimeLimit: options.timeLimitMs }),
    },
  );
  return {
    property: property.name,
    seed: options.seed,
    runs: result.numRuns,
    failed: result.failed,
    report: result.failed
      ? truncateReport(`${fc.defaultReportMessage(result) ?? ""}\nWhat broke:\n${describeError(result.errorInstance)}`)
      : undefined,
    known,
    ms: Date.now() - started,
  };
}

function describeError(error: unknown): string {
  return error instanceof InvariantBroken
    ? error.message
    : error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);
}

/** Long generated strings are printed whole by fast-check; keep each line readable. */
function truncateReport(report: string): string {
  return report
    .split("\n")
    .map((line) => (line.length > 2_000 ? `${line.slice(0, 2_000)}… (${line.length} characters)` : line))
    .join("\n");
}
