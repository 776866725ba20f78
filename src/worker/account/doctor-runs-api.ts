/**
 * `/account/api/doctor-runs`: where `outpost doctor <url> --report` records its run, for the status
 * page. Authenticated like the clients API (`owner-api-guard.ts`); JSON in and out, errors as
 * `{ error, error_description }`.
 *
 *   POST /account/api/doctor-runs   { doctor_version, target, summary, checks } → 201 { run, status_page }
 *   GET  /account/api/doctor-runs   → 200 { runs: [...] }, newest first
 */
import { Hono } from "hono";
import { oauthError } from "../../auth/oauth-error";
import { publicOrigin, requestConfig } from "../../config";
import { readBodyLimited } from "../../lib/read-body";
import type { DoctorRun } from "../../web/account/status-page";
import { DOCTOR_RUN_LIMITS, parseDoctorRun, recentDoctorRuns, recordDoctorRun } from "./doctor-runs";
import { ownerApiGuard } from "./owner-api-guard";

export const DOCTOR_RUNS_API_PATH = "/account/api/doctor-runs";

export const doctorRunsApiRoutes = new Hono<{ Bindings: Env }>();

doctorRunsApiRoutes.use(DOCTOR_RUNS_API_PATH, ownerApiGuard);

doctorRunsApiRoutes.post(DOCTOR_RUNS_API_PATH, async (c) => {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header("Content-Type") ?? "")) {
    return oauthError(415, "invalid_request", "Send the run as JSON (Content-Type: application/json).");
  }
  const bytes = await readBodyLimited(c.req.raw, DOCTOR_RUN_LIMITS.maxBodyBytes);
  if (bytes === undefined)
    return oauthError(
      413,
      "invalid_request",
      `The body is over ${DOCTOR_RUN_LIMITS.maxBodyBytes} bytes: send only the checks that did not pass, with their titles.`,
    );
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return oauthError(400, "invalid_request", "The body is not valid JSON.");
  }
  const run = parseDoctorRun(body, Date.now());
  if ("error" in run) return oauthError(400, "invalid_request", run.error);
  await recordDoctorRun(c.env.OAUTH_KV, run);
  const statusPage = `${publicOrigin(requestConfig(c.env), c.req.url)}/account/status`;
  return c.json({ run: describe(run), status_page: statusPage }, 201, { "Cache-Control": "no-store" });
});

doctorRunsApiRoutes.get(DOCTOR_RUNS_API_PATH, async (c) => {
  const runs = await recentDoctorRuns(c.env.OAUTH_KV);
  return c.json({ runs: runs.map(describe) }, 200, { "Cache-Control": "no-store" });
});

doctorRunsApiRoutes.all(DOCTOR_RUNS_API_PATH, () =>
  oauthError(405, "method_not_allowed", "Use POST to record a doctor run or GET to list the recent ones.", {
    Allow: "GET, POST",
  }),
);

/** The wire shape: the field names the doctor sent, and when the server received the run. */
function describe(run: DoctorRun) {
  return {
    received_at: new Date(run.receivedAt).toISOString(),
    doctor_version: run.doctorVersion,
    target: run.target,
    summary: run.summary,
    checks: run.checks,
  };
}
