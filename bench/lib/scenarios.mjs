/**
 * Everything measured on one running target, in a fixed order: sessions, warm-up, tool-call
 * latency at concurrency 1, throughput at 8 and 32, new-session (initialize) latency, and the hop
 * breakdown (a request stopped before any session object, and ping).
 */
import { keepAliveAgent } from "./http.mjs";
import { runLoad } from "./load.mjs";
import { openSdkSession, requests } from "./mcp.mjs";

/** Full runs: bounded in count and time (about 45 s per target). */
export const FULL_PLAN = {
  warmup: { requests: 400, ms: 6_000 },
  latency: { requests: 800, ms: 15_000 },
  throughput: [
    { concurrency: 8, sessions: 8, requests: 40_000, ms: 8_000 },
    { concurrency: 32, sessions: 32, requests: 80_000, ms: 8_000 },
  ],
  initialize: { requests: 80, ms: 10_000 },
  breakdown: { requests: 300, ms: 6_000 },
};

/** Smoke: every scenario runs, a few requests each, so the harness cannot rot unnoticed. */
export const SMOKE_PLAN = {
  warmup: { requests: 3, ms: 10_000 },
  latency: { requests: 5, ms: 10_000 },
  throughput: [
    { concurrency: 2, sessions: 2, requests: 6, ms: 10_000 },
    { concurrency: 4, sessions: 4, requests: 8, ms: 10_000 },
  ],
  initialize: { requests: 3, ms: 10_000 },
  breakdown: { requests: 3, ms: 10_000 },
};

export async function measureTarget(target, plan, log) {
  const maxSessions = Math.max(...plan.throughput.map((step) => step.sessions));
  const agent = keepAliveAgent(maxSessions);
  const send = requests({ url: target.url, token: target.token, agent });
  try {
    const sessions = [];
    if (target.mcp) {
      // One at a time: session set-up is not what is measured, and it should not queue behind itself.
      for (let i = 0; i < maxSessions; i++) sessions.push(await openSdkSession(target.url, target.token, target.tool));
    }
    const call = (session) => (target.mcp ? send.toolCall(session, target.tool) : send.fixed());
    const results = {};

    log(`${target.name}: warm-up`);
    results.warmup = await runLoad({ concurrency: 4, maxRequests: plan.warmup.requests, maxMs: plan.warmup.ms, send: (loop) => call(sessions[loop % Math.max(1, sessions.length)]) });

    log(`${target.name}: tool-call latency, concurrency 1`);
    results.latency = await runLoad({ concurrency: 1, maxRequests: plan.latency.requests, maxMs: plan.latency.ms, send: () => call(sessions[0]) });

    results.throughput = [];
    for (const step of plan.throughput) {
      log(`${target.name}: throughput, concurrency ${step.concurrency} over ${step.sessions} sessions`);
      const result = await runLoad({
        concurrency: step.concurrency,
        maxRequests: step.requests,
        maxMs: step.ms,
        send: (loop) => call(sessions[loop % step.sessions]),
      });
      results.throughput.push({ concurrency: step.concurrency, sessions: target.mcp ? step.sessions : 0, ...result });
    }

    log(`${target.name}: initialize (new session) latency`);
    results.initialize = await runLoad({
      concurrency: 1,
      maxRequests: plan.initialize.requests,
      maxMs: plan.initialize.ms,
      send: () => (target.mcp ? send.initialize() : send.fixed()),
    });

    if (target.mcp) {
      log(`${target.name}: hop breakdown`);
      const step = plan.breakdown;
      results.sessionless = await runLoad({ concurrency: 1, maxRequests: step.requests, maxMs: step.ms, send: () => send.sessionless(target.tool) });
      results.ping = await runLoad({ concurrency: 1, maxRequests: step.requests, maxMs: step.ms, send: () => send.ping(sessions[0]) });
    }

    const measured = [results.warmup, results.latency, ...results.throughput, results.initialize, results.sessionless, results.ping].filter(Boolean);
    results.errors = measured.reduce((sum, result) => sum + result.errors, 0);
    results.requests = measured.reduce((sum, result) => sum + result.requests, 0);
    results.errorSamples = measured.flatMap((result) => result.errorSamples).slice(0, 5);
    return results;
  } finally {
    agent.destroy();
  }
}
