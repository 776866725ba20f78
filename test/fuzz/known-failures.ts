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

const utf8Length = (value: unknown) => (typeof value === "string" ? new TextEncoder().encode(value).byteLength : 0);
const isCrash = (problem: Problem) => problem.invariant === "no-5xx" || problem.invariant === "no-worker-crash";

export const KNOWN_FAILURES: KnownFailure[] = [
  {
    // POST /token with a client_id longer than a KV key may be (512 bytes with its prefix): the
    // provider's client lookup throws, and the worker's last-resort handler answers 503 and logs
    // worker_crash. Should be 401 invalid_client like any other unknown client.
    defect: "malformed credentials: an over-long client_id at /token crashes the client lookup (503)",
    property: "oauth-token",
    explains: (problem, value) => isCrash(problem) && utf8Length((value as { fields?: { client_id?: unknown } }).fields?.client_id) > 400,
    example: { fields: { grant_type: "authorization_code", code: "a:b:c", client_id: "🙂".repeat(130) }, encoding: "form", raw: "" },
  },
];

export function explain(property: string, problem: Problem, value: unknown): KnownFailure | undefined {
  return KNOWN_FAILURES.find((entry) => entry.property === property && entry.explains(problem, value));
}
