#!/usr/bin/env node
/**
 * `npm run load -- [--sessions N] [--seconds T] [--max-requests M] [--era both|session|stateless]`: N clients for T seconds against
 * Outpost under `wrangler dev` on loopback, half of them 2025-era sessions (initialize, then tool
 * calls with Mcp-Session-Id) and half 2026-07-28 stateless requests. Closed loop, bounded by both
 * time and request count. Prints requests, errors (with samples), p50/p95/p99 latency, and the
 * resident memory of the workerd process before, right after, and after 15 s idle. Exits 1 if any
 * request failed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadHarness } from "./lib/harness.mjs";
import { keepAliveAgent, post, rpcMessages } from "./lib/http.mjs";
import { runSlice } from "./lib/load.mjs";
import { summarize } from "./lib/stats.mjs";

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "200" },
    seconds: { type: "string", default: "30" },
    "max-requests": { type: "string", default: "200000" },
    /** Which era's clients: both (half each, the default), or only one, to see where a cost lies. */
    era: { type: "string", default: "both" },
  },
  strict: true,
});
const sessions = positive("sessions");
const seconds = positive("seconds");
const maxRequests = positive("max-requests");
if (!["both", "session", "stateless"].includes(values.era))
  throw new Error(`--era must be both, session or stateless, not ${values.era}`);
/** A request slower than this counts as an error (a hang), and its loop goes on. */
const REQUEST_TIMEOUT_MS = 30_000;
const SETUP_CONCURRENCY = 8;
const IDLE_AFTER_MS = 15_000;

function positive(name) {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number, not ${values[name]}`);
  return value;
}

const print = (line) => process.stdout.write(`${line}\n`);
const started = Date.now();
const log = (message) =>
  process.stderr.write(`[load ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);

/** Resident memory of every workerd in the server's process group, from /proc (Linux). */
function workerdRssMiB(groupId) {
  let kib = 0;
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const afterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      // Fields after the name: state, ppid, pgrp, …
      if (Number(afterName[2]) !== groupId || !name.startsWith("workerd")) continue;
      kib += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // The process ended while we looked.
    }
  }
  return Number((kib / 1024).toFixed(1));
}

const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "outpost-load", version: "1.0.0" },
};
const ACCEPT = "application/json, text/event-stream";

const harness = await loadHarness();
const server = await harness.startDevServer();
let exitCode = 1;
try {
  const metadata = await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json();
  const { tokens } = await harness.signIn(server.url, {
    passphrase: server.passphrase,
    clientName: "outpost-load",
    scope: metadata.scopes_supported.join(" "),
  });
  const auth = { Authorization: `Bearer ${tokens.access_token}`, Accept: ACCEPT, "Content-Type": "application/json" };
  const agent = keepAliveAgent(sessions);
  const endpoint = `${server.url}/mcp`;
  let nextId = 1;

  /** One reply to `id` that is a non-error result, or a description of what came instead. */
  const judge = (reply, id, check) => {
    if (reply.status !== 200) return `HTTP ${reply.status}: ${reply.text.slice(0, 160)}`;
    let message;
    try {
      message = rpcMessages(reply).find((m) => m.id === id);
    } catch {
      return `unparsable reply: ${reply.text.slice(0, 160)}`;
    }
    if (!message) return `no reply to ${id}: ${reply.text.slice(0, 160)}`;
    if (message.error) return `JSON-RPC error ${message.error.code}: ${message.error.message}`;
    return check(message.result);
  };
  const answers42 = (result) =>
    !result?.isError && result?.content?.[0]?.text?.includes("42")
      ? undefined
      : `unexpected result: ${JSON.stringify(result).slice(0, 160)}`;

  const sessionCount = values.era === "both" ? Math.floor(sessions / 2) : values.era === "session" ? sessions : 0;
  const statelessCount = sessions - sessionCount;
  const rssBefore = workerdRssMiB(server.pid);
  log(`server at ${server.url}; workerd RSS ${rssBefore} MiB; opening ${sessionCount} 2025-era sessions`);

  const sessionIds = [];
  const setupErrors = [];
  const initialize = async () => {
    const id = nextId++;
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "outpost-load", version: "1.0.0" },
      },
    });
    const reply = await post(endpoint, { agent, headers: auth, body, timeoutMs: REQUEST_TIMEOUT_MS });
    const sessionId = reply.headers["mcp-session-id"];
    if (reply.status !== 200 || !sessionId)
      throw new Error(`initialize: HTTP ${reply.status} ${reply.text.slice(0, 160)}`);
    const headers = { ...auth, "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" };
    const initialized = await post(endpoint, {
      agent,
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    if (initialized.status !== 202) throw new Error(`initialized: HTTP ${initialized.status}`);
    sessionIds.push(sessionId);
  };
  const setup = await runSlice({
    concurrency: SETUP_CONCURRENCY,
    maxRequests: sessionCount,
    maxMs: 120_000,
    send: async () => {
      try {
        await initialize();
      } catch (error) {
        setupErrors.push(error.message);
        return error.message;
      }
    },
  });
  log(
    `${sessionIds.length} sessions open (${setup.errors} failed) in ${setup.seconds.toFixed(1)} s; workerd RSS ${workerdRssMiB(server.pid)} MiB`,
  );

  /** Loop `i` below sessionCount calls in its session; the rest send stateless 2026-07-28 requests. */
  const kinds = { session: [], stateless: [] };
  const callIn = async (loop) => {
    const id = nextId++;
    const params = { name: "calculate", arguments: { expression: "6 * 7" } };
    const before = process.hrtime.bigint();
    let problem;
    if (loop < sessionCount) {
      const sessionId = sessionIds[loop % Math.max(1, sessionIds.length)];
      const headers = { ...auth, "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" };
      problem = judge(
        await post(endpoint, {
          agent,
          headers,
          body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params }),
          timeoutMs: REQUEST_TIMEOUT_MS,
        }),
        id,
        answers42,
      );
    } else {
      const headers = {
        ...auth,
        "MCP-Protocol-Version": "2026-07-28",
        "Mcp-Method": "tools/call",
        "Mcp-Name": "calculate",
      };
      const body = JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { ...params, _meta: ENVELOPE } });
      problem = judge(await post(endpoint, { agent, headers, body, timeoutMs: REQUEST_TIMEOUT_MS }), id, answers42);
    }
    if (problem === undefined)
      kinds[loop < sessionCount ? "session" : "stateless"].push(Number(process.hrtime.bigint() - before) / 1e6);
    return problem;
  };

  log(
    `load: ${sessions} clients (${sessionCount} in sessions, ${statelessCount} stateless) for ${seconds} s, at most ${maxRequests} requests`,
  );
  const run = await runSlice({
    concurrency: sessionIds.length + statelessCount,
    maxRequests,
    maxMs: seconds * 1000,
    send: (loop) => (loop < sessionIds.length ? callIn(loop) : callIn(sessionCount + (loop - sessionIds.length))),
  });
  agent.destroy();
  const rssAfter = workerdRssMiB(server.pid);
  // Idle a while: memory that is only garbage not yet collected, or objects not yet evicted, shows here.
  await new Promise((resolve) => setTimeout(resolve, IDLE_AFTER_MS));
  const rssIdle = workerdRssMiB(server.pid);

  const all = summarize(run.latencies);
  print(
    `load: ${sessions} clients (${sessionIds.length} 2025-era sessions, ${statelessCount} stateless 2026-07-28) for ${run.seconds.toFixed(1)} s on ${server.url}`,
  );
  print(
    `requests ${run.requests}, errors ${run.errors + setup.errors} (${setup.errors} while opening sessions), ${(all.count / run.seconds).toFixed(1)} ok/s`,
  );
  print(`latency ms, all:       p50 ${all.p50}  p95 ${all.p95}  p99 ${all.p99}  max ${all.max}`);
  for (const [kind, samples] of Object.entries(kinds)) {
    const s = summarize(samples);
    print(`latency ms, ${kind.padEnd(9)}:  p50 ${s.p50}  p95 ${s.p95}  p99 ${s.p99}  (${s.count} ok)`);
  }
  print(
    `workerd RSS: ${rssBefore} MiB before, ${rssAfter} MiB after, ${rssIdle} MiB after ${IDLE_AFTER_MS / 1000} s idle`,
  );
  for (const sample of [...setupErrors.slice(0, 3), ...run.errorSamples]) print(`error: ${sample}`);
  exitCode = run.errors + setup.errors === 0 ? 0 : 1;
} catch (error) {
  print(`load: could not run: ${error?.stack ?? error}\n--- wrangler output ---\n${server.log().slice(-3000)}`);
} finally {
  await server.stop();
}
process.exit(exitCode);
