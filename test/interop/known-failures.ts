/**
 * The checked-in list of known failures (known-failures.json). A failure listed there does not fail
 * the run; any other failure does, and so does an entry that no longer fails, so the list only ever
 * holds what is still broken.
 */
import { readFile } from "node:fs/promises";
import type { Outcome } from "./results";

export interface KnownFailure {
  client: string;
  transport: string;
  /** A feature or scenario, or `*` for every feature of that client and transport. */
  feature: string;
  /** One line: what fails. */
  reason: string;
  /** Issue-style: what happens, why, and what would fix it. */
  explanation: string;
}

export interface Verdict {
  /** Failures not in the list: these fail the run. */
  unexpected: Outcome[];
  /** Failures the list expects. */
  known: { outcome: Outcome; entry: KnownFailure }[];
  /** Entries whose rows no longer fail: remove them. */
  stale: KnownFailure[];
}

export async function loadKnownFailures(path: URL): Promise<KnownFailure[]> {
  const entries = JSON.parse(await readFile(path, "utf8")) as KnownFailure[];
  for (const entry of entries) {
    for (const field of ["client", "transport", "feature", "reason", "explanation"] as const) {
      if (typeof entry[field] !== "string" || entry[field].length === 0)
        throw new Error(`known-failures.json: an entry lacks "${field}"`);
    }
  }
  return entries;
}

export function matches(entry: KnownFailure, outcome: Outcome): boolean {
  return (
    entry.client === outcome.client &&
    entry.transport === outcome.transport &&
    (entry.feature === "*" || entry.feature === outcome.feature)
  );
}

export function judge(outcomes: Outcome[], entries: KnownFailure[]): Verdict {
  const verdict: Verdict = { unexpected: [], known: [], stale: [] };
  for (const outcome of outcomes.filter((candidate) => candidate.status === "fail")) {
    const entry = entries.find((candidate) => matches(candidate, outcome));
    if (entry) verdict.known.push({ outcome, entry });
    else verdict.unexpected.push(outcome);
  }
  verdict.stale = entries.filter((entry) => !verdict.known.some((known) => known.entry === entry));
  return verdict;
}
