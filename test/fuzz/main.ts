/**
 * `npm run fuzz -- --runs N [--seed S] [--property NAME]`: the fuzz properties against a real
 * `wrangler dev` on loopback, for as long as you like. Prints the seed first, then per property its
 * runs, time and any known failures it met; a failure prints fast-check's report (seed, replay
 * path, the shrunk counterexample, what broke) and makes the exit code 1.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { startDevServer } from "../e2e/harness";
import { signIn } from "../e2e/oauth";
import { openSession } from "./catalog";
import { healthProblems } from "./health";
import { PROPERTIES } from "./properties";
import { fuzzProperty } from "./runner";
import type { FuzzTarget } from "./target";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "200" },
    seed: { type: "string" },
    property: { type: "string", multiple: true },
  },
  strict: true,
});
const runs = Number.parseInt(values.runs ?? "", 10);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${values.runs}`);
const seed = values.seed === undefined ? randomBytes(4).readUInt32BE() >>> 1 : Number.parseInt(values.seed, 10);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not ${values.seed}`);
const chosen = PROPERTIES.filter((property) => !values.property || values.property.includes(property.name));
if (chosen.length === 0)
  throw new Error(
    `no property named ${values.property?.join(", ")}; there are ${PROPERTIES.map((p) => p.name).join(", ")}`,
  );

const print = (line: string) => process.stdout.write(`${line}\n`);
print(
  `fuzz: seed ${seed}, ${runs} runs per property, ${chosen.length} properties (replay: npm run fuzz -- --runs ${runs} --seed ${seed})`,
);

/** Marker values for the secrets a deployment may hold: none may ever show up in an answer or a log line. */
const markers = {
  GITHUB_CLIENT_SECRET: `fuzz-marker-github-${randomBytes(12).toString("hex")}`,
  OIDC_CLIENT_SECRET: `fuzz-marker-oidc-${randomBytes(12).toString("hex")}`,
  CONSENT_COOKIE_SECRET: `fuzz-marker-cookie-${randomBytes(16).toString("hex")}`,
  NOTIFY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
};
const lines: string[] = [];
let partial = "";
const server = await startDevServer({
  secrets: markers,
  onOutput: (text) => {
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  },
});
let failed = false;
const stopAndExit = async (code: number) => {
  await server.stop();
  process.exit(code);
};
process.once("SIGTERM", () => void stopAndExit(143));
process.once("SIGINT", () => void stopAndExit(130));

try {
  const metadata = (await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json()) as {
    scopes_supported: string[];
  };
  const { client, tokens } = await signIn(server.url, {
    passphrase: server.passphrase,
    clientName: "outpost-fuzz",
    scope: metadata.scopes_supported.join(" "),
  });
  const fetchPath = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  const sessionId = await openSession({ fetch: fetchPath }, tokens.access_token);
  lines.length = 0;
  const target: FuzzTarget = {
    fetch: fetchPath,
    origin: server.url,
    token: tokens.access_token,
    sessionId,
    client: { clientId: client.client_id, redirectUri: client.redirect_uris[0] ?? "" },
    secrets: [server.passphrase, ...Object.values(markers), tokens.access_token, tokens.refresh_token ?? ""].filter(
      Boolean,
    ),
    // wrangler relays the worker's lines through a pipe: give a line caused by the last request time to arrive.
    drainLogs: async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return lines.splice(0);
    },
  };

  const started = Date.now();
  for (const property of chosen) {
    const outcome = await fuzzProperty(target, property, { seed, numRuns: runs, timeLimitMs: 30 * 60_000 });
    const known = [...outcome.known].map(([entry, count]) => `${count}× known: ${entry.defect}`).join("; ");
    print(
      `${outcome.failed ? "FAIL" : "ok  "} ${property.name.padEnd(18)} ${String(outcome.runs).padStart(6)} runs ${(outcome.ms / 1000).toFixed(1).padStart(7)} s${known ? `  (${known})` : ""}`,
    );
    if (outcome.failed) {
      failed = true;
      print(outcome.report ?? "");
    }
  }
  const unwell = await healthProblems(target);
  for (const problem of unwell) print(`FAIL after the run: [${problem.invariant}] ${problem.detail}`);
  failed ||= unwell.length > 0;
  print(
    `fuzz: ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(0)} s, seed ${seed}; server healthy afterwards: ${unwell.length === 0 ? "yes" : "no"}`,
  );
} catch (error) {
  failed = true;
  print(
    `fuzz: could not run: ${error instanceof Error ? error.stack : String(error)}\n--- wrangler output ---\n${server.log().slice(-4000)}`,
  );
}
await stopAndExit(failed ? 1 : 0);
