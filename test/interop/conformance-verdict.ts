/**
 * From a conformance scenario's checks to one row of the report: pass, fail or n/a, with the reason.
 *
 * Most scenarios call the reference test server's fixtures (tools such as `test_simple_text`), which a
 * product server does not have: those are n/a whatever the CLI says, with the fixture named, and a pass
 * there would be vacuous. Scenarios for features Outpost does not offer yet (MRTR, Tasks, resource
 * subscriptions) are n/a with the feature named. Even then every message Outpost sent must be valid
 * against the spec's schema (`wire-schema-valid`): that check fails the row whatever the reason.
 * Checks the CLI itself reports as "Not testable" (a diagnostic fixture tool is missing) or SKIPPED do
 * not fail a scenario; any other failure does.
 */
import type { Status } from "./results";

export interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "SKIPPED" | "INFO";
  errorMessage?: string;
}

const WIRE_CHECK = "wire-schema-valid";
const NOT_TESTABLE = /^Not testable\b/i;

const fixture = (what: string) =>
  `needs the reference test server's fixture ${what}, which a product server does not have`;
const MRTR =
  "Outpost's MRTR (`input_required`, SEP-2322) rounds are its confirmations, on its own tools (test/mcp/modern/confirm.test.ts); the checks call the reference server's `test_input_required_result_*` fixtures instead";
const TASKS =
  "Outpost does not offer the Tasks extension (SEP-2663; no Claude client supports it); the checks also call the reference server's task fixtures (`slow_compute`, `greet`, …)";

/** Scenarios that cannot apply to Outpost, and why; the rest are judged by their checks. */
const NOT_APPLICABLE: Record<string, string> = {
  "completion-complete": `${fixture("prompt `test_prompt_with_arguments`")}; completion is covered by the client rows`,
  "tools-call-simple-text": fixture("tool `test_simple_text`"),
  "tools-call-image": fixture("tool `test_image_content`"),
  "tools-call-audio": fixture("tool `test_audio_content`"),
  "tools-call-embedded-resource": fixture("tool `test_embedded_resource`"),
  "tools-call-mixed-content": fixture("tool `test_multiple_content_types`"),
  "tools-call-with-logging": `${fixture("tool `test_tool_with_logging`")}; logging is covered by the client rows`,
  "tools-call-error": fixture("tool `test_error_handling`"),
  "tools-call-with-progress": `${fixture("tool `test_tool_with_progress`")}; progress is covered by the client rows`,
  "tools-call-sampling": `${fixture("tool `test_sampling`")}; Claude does not support sampling`,
  "tools-call-elicitation": fixture("tool `test_elicitation`"),
  "json-schema-2020-12": fixture("tool `json_schema_2020_12_tool`"),
  "elicitation-sep1034-defaults": fixture("elicitation-defaults tool"),
  "elicitation-sep1330-enums": fixture("elicitation-enums tool"),
  "server-sse-polling": fixture("tool that closes its stream and expects a resume"),
  "resources-read-text": fixture("resource `test://static-text`"),
  "resources-read-binary": fixture("resource `test://static-binary`"),
  "resources-templates-read": fixture("template `test://template/{id}/data`"),
  "resources-subscribe":
    "Outpost's 2025 sessions offer no resources/subscribe (resource subscriptions are served on 2026-07-28 listen streams); the check also reads a fixture resource",
  "resources-unsubscribe":
    "Outpost's 2025 sessions offer no resources/subscribe (resource subscriptions are served on 2026-07-28 listen streams); the check also reads a fixture resource",
  "prompts-get-simple": fixture("prompt `test_simple_prompt`"),
  "prompts-get-with-args": fixture("prompt `test_prompt_with_arguments`"),
  "prompts-get-embedded-resource": fixture("prompt `test_prompt_with_embedded_resource`"),
  "prompts-get-with-image": fixture("prompt `test_prompt_with_image`"),
};

export function notApplicableReason(scenario: string): string | undefined {
  if (scenario.startsWith("input-required-result-")) return MRTR;
  if (scenario.startsWith("tasks-")) return TASKS;
  return NOT_APPLICABLE[scenario];
}

function failureText(checks: Check[]): string {
  return checks.map((check) => `${check.id}: ${check.errorMessage ?? "failed"}`).join("; ");
}

export function judgeScenario(scenario: string, checks: Check[]): { status: Status; detail: string } {
  if (checks.length === 0) return { status: "fail", detail: "the CLI wrote a result without checks" };
  const wire = checks.find((check) => check.id === WIRE_CHECK);
  // INFO lines are observations, not checks.
  const own = checks.filter((check) => check.id !== WIRE_CHECK && check.status !== "INFO");
  const failed = own.filter((check) => check.status === "FAILURE");
  const untestable = failed.filter((check) => NOT_TESTABLE.test(check.errorMessage ?? ""));
  const real = failed.filter((check) => !untestable.includes(check));
  const passed = own.filter((check) => check.status === "SUCCESS").length;
  const skipped = own.filter((check) => check.status === "SKIPPED");
  const warnings = own.filter((check) => check.status === "WARNING").map((check) => check.id);

  const notes = [
    `${passed}/${own.length} checks passed`,
    wire ? `${WIRE_CHECK} ${wire.status === "SUCCESS" ? "passed" : "FAILED"}` : undefined,
    warnings.length ? `warnings: ${warnings.join(", ")}` : undefined,
    skipped.length ? `skipped by the CLI: ${skipped.map((check) => check.id).join(", ")}` : undefined,
  ].filter(Boolean);
  const summary = notes.join("; ");

  if (wire?.status === "FAILURE")
    return { status: "fail", detail: `${WIRE_CHECK}: ${wire.errorMessage ?? "failed"} (${summary})` };
  const reason = notApplicableReason(scenario);
  if (reason) {
    const cli = failed.length
      ? `; the CLI: ${failureText(failed)}`
      : passed
        ? "; the CLI's checks passed, vacuously"
        : "";
    return { status: "n/a", detail: `${reason} (${summary}${cli})` };
  }
  if (real.length > 0) return { status: "fail", detail: `${failureText(real)} (${summary})` };
  if (passed === 0) {
    const why =
      untestable[0]?.errorMessage ?? skipped[0]?.errorMessage ?? "the CLI had nothing to check on this server";
    return { status: "n/a", detail: `${why} (${summary})` };
  }
  const notTested = untestable.length
    ? `; not testable without the reference server's diagnostic fixtures: ${untestable.map((check) => check.id).join(", ")}`
    : "";
  return { status: "pass", detail: `${summary}${notTested}` };
}
