/**
 * `@modelcontextprotocol/conformance` against the real server. The server scenarios that apply to a
 * product server run through a loopback proxy that adds the bearer token (the CLI cannot send one);
 * scenarios that call the reference server's fixtures are listed as not applicable, with the reason.
 * The prerelease adds the session-lifecycle scenario and the authorization-server scenarios, whose
 * consent step the suite completes over HTTP from the URL the CLI prints.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { childEnv, freePort, NODE, REPO_ROOT } from "../e2e/harness";
import { approveConsent, registerClient } from "../e2e/oauth";
import { start, tempDir, waitForOutput } from "./processes";
import { assert, NotApplicable, type Recorder } from "./results";

export const STABLE = { label: "conformance 0.1.16", cli: join(REPO_ROOT, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js") };
export const NEXT = { label: "conformance 0.2.0-alpha.12", cli: join(REPO_ROOT, "node_modules", "conformance-next", "dist", "index.js") };
const TRANSPORT = "streamable-http";
const SCENARIO_TIMEOUT_MS = 60_000;

/** Server scenarios that apply to any MCP server, whatever its tools. */
export const SERVER_SCENARIOS = [
  "server-initialize",
  "ping",
  "logging-set-level",
  "tools-list",
  "resources-list",
  "prompts-list",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
];
export const NEXT_SERVER_SCENARIOS = ["server-session-lifecycle"];

const FIXTURE = "calls a fixture of the reference test server";
/** Scenarios of the stable release that only make sense against the reference server, and why. */
export const NOT_APPLICABLE: Record<string, string> = {
  "completion-complete": `${FIXTURE} (prompt test_prompt_with_arguments); completion is covered by the client rows`,
  "tools-call-simple-text": `${FIXTURE} (tool test_simple_text)`,
  "tools-call-image": `${FIXTURE} (tool test_image_content)`,
  "tools-call-audio": `${FIXTURE} (tool test_audio_content)`,
  "tools-call-embedded-resource": `${FIXTURE} (tool test_embedded_resource)`,
  "tools-call-mixed-content": `${FIXTURE} (tool test_multiple_content_types)`,
  "tools-call-with-logging": `${FIXTURE} (tool test_tool_with_logging)`,
  "tools-call-error": `${FIXTURE} (tool test_error_handling)`,
  "tools-call-with-progress": `${FIXTURE} (tool test_tool_with_progress)`,
  "tools-call-sampling": `${FIXTURE} (tool test_sampling); Claude does not support sampling`,
  "tools-call-elicitation": `${FIXTURE} (tool test_elicitation)`,
  "json-schema-2020-12": `${FIXTURE} (tool json_schema_2020_12_tool)`,
  "elicitation-sep1034-defaults": `${FIXTURE} (elicitation defaults tool)`,
  "elicitation-sep1330-enums": `${FIXTURE} (elicitation enums tool)`,
  "server-sse-polling": `${FIXTURE} (a tool that closes its stream and resumes)`,
  "resources-read-text": `${FIXTURE} (resource test://static-text)`,
  "resources-read-binary": `${FIXTURE} (resource test://static-binary)`,
  "resources-templates-read": `${FIXTURE} (template test://template/{id}/data)`,
  "resources-subscribe": `${FIXTURE}; Claude does not support resource subscriptions, so the server offers none`,
  "resources-unsubscribe": `${FIXTURE}; Claude does not support resource subscriptions, so the server offers none`,
  "prompts-get-simple": `${FIXTURE} (prompt test_simple_prompt)`,
  "prompts-get-with-args": `${FIXTURE} (prompt test_prompt_with_arguments)`,
  "prompts-get-embedded-resource": `${FIXTURE} (prompt test_prompt_with_embedded_resource)`,
  "prompts-get-with-image": `${FIXTURE} (prompt test_prompt_with_image)`,
};

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "SKIPPED" | "INFO";
  errorMessage?: string;
}

/** Every `checks.json` the CLI wrote under `dir`. */
async function readChecks(dir: string): Promise<Check[]> {
  const checks: Check[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    if (entry.endsWith("checks.json")) checks.push(...(JSON.parse(await readFile(join(dir, entry), "utf8")) as Check[]));
  }
  return checks;
}

function judge(checks: Check[], exitCode: number | null, requireWire = false): string {
  assert(checks.length > 0, `the CLI wrote no results (exit ${exitCode})`);
  const failed = checks.filter((check) => check.status === "FAILURE");
  assert(failed.length === 0, failed.map((check) => `${check.id}: ${check.errorMessage ?? "failed"}`).join("; "));
  const passed = checks.filter((check) => check.status === "SUCCESS").length;
  const warnings = checks.filter((check) => check.status === "WARNING").map((check) => check.id);
  const wire = checks.find((check) => check.id === "wire-schema-valid");
  // The prerelease validates every message its SDK client received against the spec's JSON schema;
  // scenarios that speak raw HTTP (session lifecycle, streams, rebinding) have no such check.
  assert(!requireWire || !wire || wire.status === "SUCCESS", "wire-schema-valid did not pass");
  return `${passed}/${checks.length} checks passed${wire ? ", wire-schema-valid included" : ""}${warnings.length ? `; warnings: ${warnings.join(", ")}` : ""}`;
}

async function serverScenario(recorder: Recorder, release: typeof STABLE, url: string, scenario: string): Promise<void> {
  await recorder.check(release.label, TRANSPORT, scenario, async () => {
    const dir = await tempDir(`conformance-${scenario}`);
    const result = await start(NODE, [release.cli, "server", "--url", url, "--scenario", scenario, "-o", dir], {
      env: childEnv(),
      timeoutMs: SCENARIO_TIMEOUT_MS,
    }).exited;
    assert(!result.timedOut, `timed out after ${SCENARIO_TIMEOUT_MS / 1000} s`);
    return judge(await readChecks(dir), result.code, release === NEXT);
  });
}

/** Run `tasks` with at most `limit` in flight (two cores: more only adds contention). */
export async function limited<T>(limit: number, items: T[], task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  }));
}

/** The server scenarios, through the bearer proxy at `proxyUrl`. */
export async function runServerScenarios(recorder: Recorder, proxyUrl: string): Promise<void> {
  const url = `${proxyUrl}/mcp`;
  const jobs = [
    ...SERVER_SCENARIOS.map((scenario) => ({ release: STABLE, scenario })),
    // The prerelease again, for its wire-schema-valid check in every scenario and its newer scenarios.
    ...[...SERVER_SCENARIOS, ...NEXT_SERVER_SCENARIOS].map((scenario) => ({ release: NEXT, scenario })),
  ];
  await limited(2, jobs, ({ release, scenario }) => serverScenario(recorder, release, url, scenario));
  for (const [scenario, reason] of Object.entries(NOT_APPLICABLE)) recorder.record(STABLE.label, TRANSPORT, scenario, "n/a", reason);
}

const AUTHORIZE_URL = /^(http:\/\/\S+\/authorize\?\S+)$/m;

/**
 * The prerelease's authorization-server scenarios. `authorization-code-grant` prints an authorization
 * URL and waits for the redirect on its own loopback callback server: the suite approves the consent
 * page over HTTP and follows the redirect there, as the person at the browser would.
 */
export async function runAuthorizationScenarios(recorder: Recorder, options: { base: string; passphrase: string }): Promise<void> {
  const port = await freePort();
  const dir = await tempDir("conformance-authorization");
  let checks: Check[] = [];
  let failure: string | undefined;
  try {
    const client = await registerClient(options.base, "Conformance suite", `http://127.0.0.1:${port}/callback`);
    const cli = start(
      NODE,
      [NEXT.cli, "authorization", "--url", options.base, "--client-id", client.client_id, "--resource", options.base, "-p", String(port), "-o", dir],
      { env: childEnv(), timeoutMs: SCENARIO_TIMEOUT_MS },
    );
    await waitForOutput(cli, () => AUTHORIZE_URL.test(cli.stdout()) || cli.child.exitCode !== null, SCENARIO_TIMEOUT_MS, "authorization URL");
    const url = AUTHORIZE_URL.exec(cli.stdout())?.[1];
    if (url) {
      const { location } = await approveConsent(url, { passphrase: options.passphrase });
      const delivered = await fetch(location, { signal: AbortSignal.timeout(10_000) });
      await delivered.body?.cancel();
    }
    const result = await cli.exited;
    checks = await readChecks(dir);
    if (result.timedOut) failure = `timed out after ${SCENARIO_TIMEOUT_MS / 1000} s`;
    else if (checks.length === 0) failure = `no results (exit ${result.code}): ${result.stdout.slice(-500)} ${result.stderr.slice(-500)}`;
  } catch (error) {
    failure = (error as Error).message;
  }
  // Check ids per scenario: the metadata scenario's are `authorization-server-metadata…`.
  const prefixes = { "authorization-server-metadata-endpoint": "authorization-server-metadata", "authorization-code-grant": "authorization-code-grant" };
  for (const [scenario, prefix] of Object.entries(prefixes)) {
    await recorder.check(NEXT.label, "oauth", scenario, async () => {
      if (failure) throw new Error(failure);
      const mine = checks.filter((check) => check.id.startsWith(prefix));
      if (mine.length === 0) throw new NotApplicable(`n/a (the CLI reported no ${scenario} checks)`);
      return judge(mine, 0);
    });
  }
}
