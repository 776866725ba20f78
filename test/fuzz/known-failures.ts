/**
 * Defects the fuzzer found that are being fixed elsewhere. Each entry names its defect class, says
 * which problems it explains, and carries one concrete case that still shows it: the fuzz suite
 * checks that case on every run, so the entry turns red as soon as the defect is fixed and must
 * then be deleted. A problem no entry explains fails the run.
 */
import type { Problem } from "./invariants";

export interface KnownFailure {
  /** The defect class, as the issue that tracks its fix names it. */
  defect: string;
  /** The property that meets it (properties.ts). */
  property: string;
  /** Whether this entry explains `problem`, met with the generated `value`. */
  explains(problem: Problem, value: unknown): boolean;
  /** A case of `property` that shows the defect today. */
  example: unknown;
}

// Empty: the one entry the fuzzer started with (an over-long client_id at /token crashing the
// client lookup) was fixed by refusing malformed credentials before any lookup
// (src/worker/credential-shape.ts).
export const KNOWN_FAILURES: KnownFailure[] = [];

export function explain(property: string, problem: Problem, value: unknown): KnownFailure | undefined {
  return KNOWN_FAILURES.find((entry) => entry.property === property && entry.explains(problem, value));
}
