/**
 * `--report`: record this run on the server it checked (`POST /account/api/doctor-runs`), for the
 * owner's status page. Sends a summary only: the counts, and the id, status and title of each check
 * that did not pass, never a detail or a fix (those quote what servers answered). The owner
 * passphrase goes in an Authorization header (HTTP Basic), and only over HTTPS or to loopback.
 */
import { readFileSync } from "node:fs";
import { summarize } from "./report.mjs";

export const DOCTOR_RUNS_PATH = "/account/api/doctor-runs";

/** The server's limits (src/worker/account/doctor-runs.ts); the doctor stays inside them. */
const LIMITS = { maxBodyBytes: 16 * 1024, maxChecks: 200, maxTitleChars: 200, maxIdChars: 100 };

const DOCTOR_VERSION = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;

/** Why this target cannot take the passphrase, or undefined when it can. */
export function reportRefusal(target) {
  if (target.https || target.loopback) return undefined;
  return `--report sends the owner passphrase, so only over HTTPS (or to localhost): ${target.origin} is plain HTTP.`;
}

/**
 * The report's body: what the server keeps, shortened to its limits (a check list that would not fit
 * loses its last entries; the counts stay whole). Every string passes through `redact`.
 */
export function runSummary(target, findings, redact) {
  const clip = (text, max) => {
    const redacted = redact(String(text));
    return redacted.length > max ? `${redacted.slice(0, max - 1)}…` : redacted;
  };
  const checks = findings
    .filter((finding) => finding.status !== "pass")
    .slice(0, LIMITS.maxChecks)
    .map((finding) => ({
      id: clip(finding.id, LIMITS.maxIdChars),
      status: finding.status,
      title: clip(finding.title || finding.id, LIMITS.maxTitleChars),
    }));
  const body = { doctor_version: DOCTOR_VERSION, target: target.endpoint, summary: summarize(findings), checks };
  while (new TextEncoder().encode(JSON.stringify(body)).byteLength > LIMITS.maxBodyBytes) body.checks.pop();
  return body;
}

/**
 * POST the summary; returns `{ ok: true, statusPage }` or `{ ok: false, message }` (never throws,
 * never puts the passphrase in a message).
 */
export async function recordRun({ target, findings, passphrase, redact, timeoutMs }) {
  const url = `${target.origin}${DOCTOR_RUNS_PATH}`;
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`owner:${passphrase}`, "utf8").toString("base64")}`,
        "Content-Type": "application/json",
        Accept: "application/json",
      },
      body: JSON.stringify(runSummary(target, findings, redact)),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = error?.cause?.code ?? error?.cause?.message ?? error?.name ?? "unknown error";
    return { ok: false, message: `Could not record this run on ${target.origin} (${cause}).` };
  }
  let json;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  if (response.status === 201 && typeof json?.status_page === "string")
    return { ok: true, statusPage: json.status_page };
  const described = typeof json?.error_description === "string" ? ` ${json.error_description}` : "";
  if (response.status === 401) return { ok: false, message: `Run not recorded: wrong owner passphrase.${described}` };
  if (response.status === 404 && !described)
    return {
      ok: false,
      message: `Run not recorded: ${target.origin} has nothing at ${DOCTOR_RUNS_PATH} (not Outpost, or an older version).`,
    };
  return { ok: false, message: `Run not recorded: ${target.origin} answered ${response.status}.${described}` };
}
