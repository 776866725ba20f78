/**
 * The doctor's runs as it reports them (`outpost doctor <url> --report`, docs/doctor.md): a summary
 * of each run, never a finding's detail or fix (those may quote a server's answers). The last
 * `DOCTOR_RUN_LIMITS.kept` runs stay under one key of OAUTH_KV, `doctor-runs:recent`, a prefix the
 * OAuth provider never lists or reads (its own records are `client:`, `grant:` and `token:`).
 */
import type { DoctorRun, DoctorRunStatus } from "../../web/account/status-page";

export const DOCTOR_RUN_LIMITS = {
  /** The whole JSON body; past it the API answers 413. */
  maxBodyBytes: 16 * 1024,
  maxChecks: 200,
  maxTitleChars: 200,
  maxIdChars: 100,
  maxVersionChars: 40,
  maxTargetChars: 2048,
  /** A count in the summary: far above the doctor's few dozen checks, so a typo is not stored. */
  maxCount: 10_000,
  /** Runs kept, newest first; older ones are dropped as new ones arrive. */
  kept: 5,
} as const;

const KEY = "doctor-runs:recent";
const STATUSES: readonly DoctorRunStatus[] = ["pass", "warn", "fail", "skip"];

/** The newest runs first; an empty list when none was ever reported (or the record is unreadable). */
export async function recentDoctorRuns(kv: KVNamespace): Promise<DoctorRun[]> {
  const stored = await kv.get<unknown>(KEY, "json");
  return Array.isArray(stored) ? (stored as DoctorRun[]) : [];
}

/**
 * Keep `run` as the newest, dropping the oldest past the limit. A read-modify-write: two reports in
 * the same instant may keep only one of them, which is fine for a record of the last run.
 */
export async function recordDoctorRun(kv: KVNamespace, run: DoctorRun): Promise<DoctorRun[]> {
  const runs = [run, ...(await recentDoctorRuns(kv))].slice(0, DOCTOR_RUN_LIMITS.kept);
  await kv.put(KEY, JSON.stringify(runs));
  return runs;
}

/**
 * A reported run, checked field by field: the report as the doctor sends it (snake_case JSON) and
 * the time the server received it. Returns a message naming the first fault otherwise.
 */
export function parseDoctorRun(body: unknown, receivedAt: number): DoctorRun | { error: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { error: "The body must be a JSON object." };
  const { doctor_version: version, target, summary, checks } = body as Record<string, unknown>;
  const limits = DOCTOR_RUN_LIMITS;
  if (!isText(version, limits.maxVersionChars))
    return { error: `doctor_version must be a string of 1 to ${limits.maxVersionChars} characters.` };
  if (!isText(target, limits.maxTargetChars) || !/^https?:\/\//i.test(target))
    return { error: `target must be the http(s) URL the doctor checked, at most ${limits.maxTargetChars} characters.` };
  if (typeof summary !== "object" || summary === null || Array.isArray(summary))
    return { error: "summary must be an object with pass, warn, fail and skip counts." };
  const counts = summary as Record<string, unknown>;
  for (const status of STATUSES) {
    const count = counts[status];
    if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > limits.maxCount)
      return { error: `summary.${status} must be a whole number from 0 to ${limits.maxCount}.` };
  }
  if (!Array.isArray(checks)) return { error: "checks must be an array (the checks that did not pass)." };
  if (checks.length > limits.maxChecks)
    return { error: `checks has ${checks.length} entries; at most ${limits.maxChecks}.` };
  const parsed: DoctorRun["checks"] = [];
  for (const [index, check] of checks.entries()) {
    if (typeof check !== "object" || check === null) return { error: `checks[${index}] must be an object.` };
    const { id, status, title } = check as Record<string, unknown>;
    if (!isText(id, limits.maxIdChars))
      return { error: `checks[${index}].id must be a string of 1 to ${limits.maxIdChars} characters.` };
    if (!STATUSES.includes(status as DoctorRunStatus))
      return { error: `checks[${index}].status must be one of ${STATUSES.join(", ")}.` };
    if (!isText(title, limits.maxTitleChars))
      return { error: `checks[${index}].title must be a string of 1 to ${limits.maxTitleChars} characters.` };
    parsed.push({ id, status: status as DoctorRunStatus, title });
  }
  return {
    receivedAt,
    doctorVersion: version,
    target,
    summary: {
      pass: counts.pass as number,
      warn: counts.warn as number,
      fail: counts.fail as number,
      skip: counts.skip as number,
    },
    checks: parsed,
  };
}

function isText(value: unknown, maxChars: number): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= maxChars;
}
