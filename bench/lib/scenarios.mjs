/**
 * The measurement plan, run against all targets at once. Every step is taken in rounds, and in
 * each round every target gets one slice, in an order that rotates: load from anything else on the
 * machine then falls on all targets alike, which keeps the ratios honest on a shared machine.
 * A step a target cannot take (initialize on a stateless server, server/discover on a session
 * server) skips that target.
 */
import { keepAliveAgent } from "./http.mjs";
import { mergeSlices, runSlice } from "./load.mjs";
import { checkStatelessTarget, openSdkSession, requests } from "./mcp.mjs";

/** Full runs: each bound is per target and per round (about 4 minutes in all with five targets). */
export const FULL_PLAN = {
  rounds: 4,
  warmup: { requests: 400, ms: 6_000 },
  latency: { requests: 200, ms: 4_000 },
  throughput: [
    { concurrency: 8, sessions: 8, requests: 20_000, ms: 2_000 },
    { concurrency: 32, sessions: 32, requests: 40_000, ms: 2_000 },
  ],
  initialize: { requests: 20, ms: 3_000 },
  breakdown: { requests: 75, ms: 2_000 },
  modern: { requests: 75, ms: 2_000 },
};

/** Smoke: every step runs, a few requests each, so the harness cannot rot unnoticed. */
export const SMOKE_PLAN = {
  rounds: 1,
  warmup: { requests: 3, ms: 10_000 },
  latency: { requests: 5, ms: 10_000 },
  throughput: [
    { concurrency: 2, sessions: 2, requests: 6, ms: 10_000 },
    { concurrency: 4, sessions: 4, requests: 8, ms: 10_000 },
  ],
  initialize: { requests: 3, ms: 10_000 },
  breakdown: { requests: 3, ms: 10_000 },
  modern: { requests: 3, ms: 10_000 },
};

/** The 2026-07-28 rows beside the tool call, each timed on every stateless target. */
const MODERN_ROWS = [
  { key: "refused", label: "refused by the validation ladder (400)", send: (send) => send.modernRefused() },
  { key: "discover", label: "server/discover", send: (send) => send.modernList("server/discover") },
  { key: "list", label: "tools/list", send: (send) => send.modernList("tools/list") },
];

/** What one target can be asked to do, bound to its sessions and connections. */
async function prepare(target, maxSessions) {
  const agent = keepAliveAgent(maxSessions);
  const send = requests({ url: target.url, token: target.token, agent });
  const sessions = [];
  // One at a time: set-up is not measured, and it should not queue behind itself.
  if (target.kind === "session")
    for (let i = 0; i < maxSessions; i++) sessions.push(await openSdkSession(target.url, target.token, target.tool));
  if (target.kind === "stateless") await checkStatelessTarget(target.url, target.token, target.tool);
  const byKind = (choices) => choices[target.kind];
  return {
    target,
    agent,
    send,
    call: byKind({
      fixed: () => send.fixed(),
      session: (loop, sessionCount) => send.toolCall(sessions[loop % sessionCount], target.tool),
      stateless: () => send.modernCall(target.tool),
    }),
    // The floor answers initialize with its fixed reply, for scale; a stateless server has no session to start.
    initialize: byKind({ fixed: () => send.fixed(), session: () => send.initialize(), stateless: undefined }),
    sessionless: target.kind === "session" ? () => send.sessionless(target.tool) : undefined,
    ping: target.kind === "session" ? () => send.ping(sessions[0]) : undefined,
  };
}

/**
 * @param {Array<object>} targets started targets (see targets.mjs)
 * @returns {Promise<Record<string, object>>} results by target name
 */
export async function measureAll(targets, plan, log) {
  const maxSessions = Math.max(...plan.throughput.map((step) => step.sessions));
  const prepared = [];
  for (const target of targets) {
    log(
      `${target.name}: ${target.kind === "session" ? `opening ${maxSessions} sessions` : target.kind === "stateless" ? "checking with the SDK v2 client" : "ready"}`,
    );
    prepared.push(await prepare(target, maxSessions));
  }
  try {
    const results = Object.fromEntries(
      targets.map((target) => [
        target.name,
        { label: target.label, kind: target.kind, tool: target.tool?.name ?? null, throughput: [] },
      ]),
    );

    /** Run one step for every target that takes it, in rounds with a rotating order. */
    async function step(name, bounds, concurrency, pick) {
      log(name);
      const takers = prepared.filter((p) => pick(p) !== undefined);
      const slices = new Map(takers.map((p) => [p.target.name, []]));
      for (let round = 0; round < plan.rounds; round++) {
        for (let i = 0; i < takers.length; i++) {
          const p = takers[(i + round) % takers.length];
          slices
            .get(p.target.name)
            .push(await runSlice({ concurrency, maxRequests: bounds.requests, maxMs: bounds.ms, send: pick(p) }));
        }
      }
      return new Map([...slices].map(([targetName, parts]) => [targetName, mergeSlices(parts)]));
    }

    log("warm-up");
    for (const p of prepared) {
      const loops = Math.min(4, maxSessions);
      const warm = await runSlice({
        concurrency: loops,
        maxRequests: plan.warmup.requests,
        maxMs: plan.warmup.ms,
        send: (loop) => p.call(loop, loops),
      });
      results[p.target.name].warmup = mergeSlices([warm]);
    }

    for (const [name, merged] of await step(
      "tool-call latency, concurrency 1",
      plan.latency,
      1,
      (p) => () => p.call(0, 1),
    ))
      results[name].latency = merged;
    for (const bounds of plan.throughput) {
      const label = `throughput, concurrency ${bounds.concurrency} (sessions: ${bounds.sessions})`;
      for (const [name, merged] of await step(
        label,
        bounds,
        bounds.concurrency,
        (p) => (loop) => p.call(loop, bounds.sessions),
      )) {
        results[name].throughput.push({
          concurrency: bounds.concurrency,
          sessions: results[name].kind === "session" ? bounds.sessions : 0,
          ...merged,
        });
      }
    }
    if (plan.initialize) {
      for (const [name, merged] of await step(
        "initialize (new session) latency",
        plan.initialize,
        1,
        (p) => p.initialize,
      ))
        results[name].initialize = merged;
    }
    if (plan.breakdown) {
      for (const [name, merged] of await step(
        "breakdown: tools/call without a session (400)",
        plan.breakdown,
        1,
        (p) => p.sessionless,
      ))
        results[name].sessionless = merged;
      for (const [name, merged] of await step("breakdown: ping", plan.breakdown, 1, (p) => p.ping))
        results[name].ping = merged;
    }
    if (plan.modern) {
      for (const row of MODERN_ROWS) {
        const pick = (p) => (p.target.kind === "stateless" ? () => row.send(p.send) : undefined);
        for (const [name, merged] of await step(`2026-07-28: ${row.label}`, plan.modern, 1, pick))
          (results[name].modern ??= {})[row.key] = merged;
      }
    }

    for (const result of Object.values(results)) {
      const runs = [
        result.warmup,
        result.latency,
        ...result.throughput,
        result.initialize,
        result.sessionless,
        result.ping,
        ...Object.values(result.modern ?? {}),
      ].filter(Boolean);
      result.errors = runs.reduce((sum, run) => sum + run.errors, 0);
      result.requests = runs.reduce((sum, run) => sum + run.requests, 0);
      result.errorSamples = runs.flatMap((run) => run.errorSamples).slice(0, 5);
    }
    return results;
  } finally {
    for (const p of prepared) p.agent.destroy();
  }
}

/** The labels of the 2026-07-28 rows, for the report. */
export const MODERN_ROW_LABELS = Object.fromEntries(MODERN_ROWS.map((row) => [row.key, row.label]));
