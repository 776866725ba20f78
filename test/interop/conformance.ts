/**
 * `@modelcontextprotocol/conformance` against the real server: every scenario both releases list,
 * each recorded as pass, fail or n/a (conformance-verdict.ts says why), none left out.
 *
 * The server scenarios go through a loopback proxy that adds the bearer token (the CLI cannot send
 * one). Which leg of `/mcp` a scenario reaches follows from the wire the CLI speaks: at 2025-11-25 it
 * sends `initialize` and gets a session (the legacy leg); at 2026-07-28 it sends the `_meta` envelope
 * and is served statelessly (the modern leg). The prerelease runs each of its requirement sets at that
 * revision's wire (`server --requirements <revision>`, scored and never-scored scenarios alike); a
 * scenario in no set runs alone at the wire the CLI picks for it. The authorization-server scenarios
 * need the consent step, which the suite completes over HTTP from the URL the CLI prints.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { childEnv, freePort, NODE, REPO_ROOT } from "../e2e/harness";
import { approveConsent, registerClient } from "../e2e/oauth";
import { type Catalog, defaultWire, type Release, readCatalog } from "./conformance-catalog";
import { type Check, judgeScenario } from "./conformance-verdict";
import { start, tempDir, waitForOutput } from "./processes";
import type { Recorder, Status } from "./results";

export const STABLE: Release = {
  label: "conformance 0.1.16",
  cli: join(REPO_ROOT, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js"),
};
export const NEXT: Release = {
  label: "conformance 0.2.0-alpha.12",
  cli: join(REPO_ROOT, "node_modules", "conformance-next", "dist", "index.js"),
};
/** The wire a release without requirement sets speaks (0.1.16's SDK negotiates the newest 2025 revision). */
const STABLE_WIRE = "2025-11-25";
export const AUTHORIZATION_WIRE = "oauth";
/** The prerelease's own bound per scenario (`--timeout`; 0.1.16 has none). */
const SCENARIO_TIMEOUT = ["--timeout", "20000"];
const RUN_TIMEOUT_MS = 240_000;

/** One CLI process: the scenarios it is expected to report, and the wire they run at. */
interface Run {
  release: Release;
  wire: string;
  args: string[];
  expected: string[];
  /** How the release's requirement sets count each scenario (the report's `scoring` column). */
  scoring: (scenario: string) => string | undefined;
}

/** Run `tasks` with at most `limit` in flight (two cores: more only adds contention). */
export async function limited<T>(limit: number, items: T[], task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
    }),
  );
}

/** `<kind>-<scenario>-<ISO time with [:.] as ->`, one directory per scenario under `-o`. */
const RESULT_DIR = /^(server|authorization-server)-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

async function readResults(dir: string): Promise<Map<string, Check[]>> {
  const results = new Map<string, Check[]>();
  for (const entry of await readdir(dir)) {
    const name = RESULT_DIR.exec(entry)?.[2];
    if (!name) continue;
    const text = await readFile(join(dir, entry, "checks.json"), "utf8").catch(() => undefined);
    if (text !== undefined) results.set(name, JSON.parse(text) as Check[]);
  }
  return results;
}

function plan(catalog: Catalog): Run[] {
  const { release, requirements } = catalog;
  const listed = catalog.scenarios.server;
  if (requirements.length === 0) {
    return [
      {
        release,
        wire: STABLE_WIRE,
        args: ["--suite", "all"],
        expected: listed.map((item) => item.name),
        scoring: () => undefined,
      },
    ];
  }
  const scoring = (scenario: string, wire: string) => {
    const set = requirements.find((candidate) => candidate.revision === wire);
    if (set?.server.includes(scenario)) return `required by ${wire}`;
    const reason = set?.notScored.get(scenario);
    return reason ? `not scored for ${wire}: ${reason}` : "in no requirement set";
  };
  const runs: Run[] = requirements.map((set) => ({
    release,
    wire: set.revision,
    args: ["--requirements", set.revision, ...SCENARIO_TIMEOUT],
    expected: [...set.server, ...set.notScored.keys()],
    scoring: (scenario) => scoring(scenario, set.revision),
  }));
  const covered = new Set(runs.flatMap((candidate) => candidate.expected));
  const leftovers = listed.filter((item) => !covered.has(item.name));
  for (const item of leftovers) {
    const wire = defaultWire(item);
    runs.push({
      release,
      wire,
      args: ["--scenario", item.name, ...SCENARIO_TIMEOUT],
      expected: [item.name],
      scoring: (scenario) => scoring(scenario, wire),
    });
  }
  return runs;
}

interface Row {
  scenario: string;
  status: Status;
  detail: string;
  scoring?: string;
}

async function serverRun(url: string, job: Run): Promise<Row[]> {
  const dir = await tempDir(`conformance-${job.wire}`);
  const result = await start(NODE, [job.release.cli, "server", "--url", url, ...job.args, "-o", dir], {
    env: childEnv(),
    timeoutMs: RUN_TIMEOUT_MS,
  }).exited;
  const results = await readResults(dir);
  return job.expected.map((scenario) => {
    const checks = results.get(scenario);
    const scoring = job.scoring(scenario);
    if (!checks) {
      const why = result.timedOut
        ? `the run timed out after ${RUN_TIMEOUT_MS / 1000} s`
        : `exit ${result.code}: ${result.stderr.slice(-300)}`;
      return {
        scenario,
        status: "fail",
        detail: `listed by \`conformance list\` but the run wrote no result (${why})`,
        scoring,
      };
    }
    return { scenario, ...judgeScenario(scenario, checks), scoring };
  });
}

/** Every server scenario of both releases, through the bearer proxy at `proxyUrl`, recorded in the CLIs' own order. */
export async function runServerScenarios(recorder: Recorder, proxyUrl: string, catalogs: Catalog[]): Promise<void> {
  const url = `${proxyUrl}/mcp`;
  const jobs = catalogs.flatMap(plan);
  const rows = new Map<Run, Row[]>();
  await limited(2, jobs, async (job) => {
    rows.set(job, await serverRun(url, job));
  });
  for (const job of jobs) {
    for (const row of rows.get(job) ?? [])
      recorder.record(job.release.label, job.wire, row.scenario, row.status, row.detail, row.scoring);
  }
}

export function readCatalogs(): Promise<Catalog[]> {
  return Promise.all([STABLE, NEXT].map(readCatalog));
}

const AUTHORIZE_URL = /^(http:\/\/\S+\/authorize\?\S+)$/m;

/**
 * Every release's authorization-server scenarios (only the prerelease has any). `authorization-code-grant`
 * prints an authorization URL and waits for the redirect on its own loopback callback server: the suite
 * approves the consent page over HTTP and follows the redirect there, as the person at the browser would.
 */
export async function runAuthorizationScenarios(
  recorder: Recorder,
  catalogs: Catalog[],
  options: { base: string; passphrase: string },
): Promise<void> {
  for (const catalog of catalogs) {
    const listed = catalog.scenarios.authorization;
    if (listed.length === 0) continue;
    await authorizationRun(
      recorder,
      catalog.release,
      listed.map((item) => item.name),
      options,
    );
  }
}

async function authorizationRun(
  recorder: Recorder,
  release: Release,
  expected: string[],
  options: { base: string; passphrase: string },
): Promise<void> {
  const port = await freePort();
  const dir = await tempDir("conformance-authorization");
  let failure: string | undefined;
  try {
    const client = await registerClient(options.base, "Conformance suite", `http://127.0.0.1:${port}/callback`);
    const cli = start(
      NODE,
      [
        release.cli,
        "authorization",
        "--url",
        options.base,
        "--client-id",
        client.client_id,
        "--resource",
        options.base,
        "-p",
        String(port),
        "-o",
        dir,
      ],
      { env: childEnv(), timeoutMs: RUN_TIMEOUT_MS },
    );
    await waitForOutput(
      cli,
      () => AUTHORIZE_URL.test(cli.stdout()) || cli.child.exitCode !== null,
      RUN_TIMEOUT_MS,
      "authorization URL",
    );
    const url = AUTHORIZE_URL.exec(cli.stdout())?.[1];
    if (url) {
      const { location } = await approveConsent(url, { passphrase: options.passphrase });
      const delivered = await fetch(location, { signal: AbortSignal.timeout(10_000) });
      await delivered.body?.cancel();
    }
    const result = await cli.exited;
    if (result.timedOut) failure = `timed out after ${RUN_TIMEOUT_MS / 1000} s`;
    else if (result.code === null) failure = `the CLI did not run: ${result.stderr.slice(-300)}`;
  } catch (error) {
    failure = (error as Error).message;
  }
  const results = await readResults(dir);
  for (const scenario of expected) {
    const checks = results.get(scenario);
    if (!checks) {
      recorder.record(
        release.label,
        AUTHORIZATION_WIRE,
        scenario,
        "fail",
        `listed by \`conformance list\` but no result: ${failure ?? "the CLI wrote none"}`,
      );
      continue;
    }
    const { status, detail } = judgeScenario(scenario, checks);
    recorder.record(release.label, AUTHORIZATION_WIRE, scenario, status, detail);
  }
}
