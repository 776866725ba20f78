/**
 * The interop suite (`npm run test:interop`, started through scripts/run-ts.mjs): one `wrangler dev` with
 * throwaway storage, every independent client against it, the matrix written to docs/interop.md,
 * and a non-zero exit for any failure not in known-failures.json (or an entry that passes now).
 * `--no-write` leaves docs/interop.md alone.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type DevServer, REPO_ROOT, startDevServer } from "../e2e/harness";
import { advertisedScopes, signIn } from "../e2e/oauth";
import { type BearerProxy, startBearerProxy } from "./bearer-proxy";
import { runCimdClient } from "./cimd";
import { limited, readCatalogs, runAuthorizationScenarios, runServerScenarios } from "./conformance";
import { runInspector } from "./inspector";
import { judge, loadKnownFailures } from "./known-failures";
import { runMcpRemote } from "./mcp-remote";
import { cleanUp } from "./processes";
import { renderReport } from "./report";
import { describeError, Recorder } from "./results";
import { type Generation, runSdkClient, type Transport } from "./sdk-clients";

const REPORT = join(REPO_ROOT, "docs", "interop.md");
/** Groups of clients run side by side; each group is itself light, and two cores are shared. */
const PARALLEL_GROUPS = 3;

let server: DevServer | undefined;
let proxy: BearerProxy | undefined;

async function shutDown(): Promise<void> {
  await proxy?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
  await cleanUp();
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every process the suite started`);
    void shutDown().finally(() => process.exit(1));
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const recorder = new Recorder();
  const entries = await loadKnownFailures(new URL("./known-failures.json", import.meta.url));
  // What each conformance release lists, read while wrangler starts: the report covers all of it.
  const catalogs = readCatalogs();
  server = await startDevServer();
  const { url: base, passphrase } = server;
  console.log(`wrangler dev ready on ${base}`);
  // One token with every scope, minted through DCR + PKCE + consent, for the clients that cannot sign
  // in themselves: the conformance scenarios and the Inspector then see every tool, prompt and resource.
  const { tokens } = await signIn(base, {
    passphrase,
    clientName: "Interop bearer clients",
    scope: [...(await advertisedScopes(base)), "offline_access"].join(" "),
  });
  proxy = await startBearerProxy({ target: base, token: tokens.access_token });
  const proxyUrl = proxy.url;

  const sdk = (generation: Generation, transports: Transport[]) => async () => {
    for (const transport of transports) await runSdkClient(recorder, { base, passphrase, generation, transport });
  };
  // Longest first, so the last group to start is a short one.
  const groups: [string, () => Promise<void>][] = [
    ["conformance server scenarios", async () => runServerScenarios(recorder, proxyUrl, await catalogs)],
    [
      "mcp-remote",
      async () => {
        await runMcpRemote(recorder, { base, passphrase, strategy: "http-only" });
        await runMcpRemote(recorder, { base, passphrase, strategy: "sse-only" });
      },
    ],
    [
      "SDK v1 and v2 legacy",
      async () => {
        await sdk("v1", ["streamable-http", "sse"])();
        await sdk("v2 legacy", ["streamable-http", "sse"])();
      },
    ],
    [
      "SDK v2 auto and pinned",
      async () => {
        await sdk("v2 auto", ["streamable-http", "sse"])();
        // MCP 2026-07-28 has no HTTP+SSE transport: the pinned client runs on /mcp only.
        await sdk("v2 modern", ["streamable-http"])();
      },
    ],
    [
      "Inspector CLI",
      async () => {
        await runInspector(recorder, { base, token: tokens.access_token, transport: "streamable-http" });
        await runInspector(recorder, { base, token: tokens.access_token, transport: "sse" });
      },
    ],
    [
      "authorization scenarios and CIMD",
      async () => {
        await runAuthorizationScenarios(recorder, await catalogs, { base, passphrase });
        await runCimdClient(recorder, { base, passphrase });
      },
    ],
  ];
  await limited(PARALLEL_GROUPS, groups, async ([label, group]) => {
    const begun = Date.now();
    try {
      await group();
    } catch (error) {
      recorder.record("interop suite", "-", "harness", "fail", `${label}: ${describeError(error)}`);
    }
    console.log(`-- ${label}: ${Math.round((Date.now() - begun) / 1000)} s`);
  });

  const order = (client: string) => (client.startsWith("conformance") ? 1 : 0);
  const outcomes = [...recorder.outcomes].sort(
    (a, b) =>
      order(a.client) - order(b.client) || a.client.localeCompare(b.client) || a.transport.localeCompare(b.transport),
  );
  const verdict = judge(outcomes, entries);
  if (!process.argv.includes("--no-write")) {
    await writeFile(REPORT, await renderReport(outcomes, verdict, entries));
    console.log(`\nwrote ${REPORT}`);
  }
  const counts = { pass: 0, fail: 0, "n/a": 0 };
  for (const outcome of outcomes) counts[outcome.status]++;
  console.log(
    `\n${counts.pass} passed, ${counts.fail} failed (${verdict.known.length} known), ${counts["n/a"]} not applicable, in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  for (const outcome of verdict.unexpected)
    console.error(
      `UNEXPECTED FAILURE: ${outcome.client} · ${outcome.transport} · ${outcome.feature}: ${outcome.detail}`,
    );
  for (const entry of verdict.stale) {
    console.error(
      `KNOWN FAILURE NOW PASSES: ${entry.client} · ${entry.transport} · ${entry.feature} — remove it from test/interop/known-failures.json`,
    );
  }
  return verdict.unexpected.length > 0 || verdict.stale.length > 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`interop suite: ${describeError(error)}`);
  if (server) console.error(`--- wrangler output ---\n${server.log().slice(-4000)}`);
} finally {
  await shutDown();
}
process.exit(code);
