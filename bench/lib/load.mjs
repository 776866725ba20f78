/**
 * Closed-loop load: `concurrency` loops, each sending its next request as soon as the last one
 * completes, until `maxRequests` have been sent or `maxMs` has passed. Bounded both ways, so a slow
 * or stuck server cannot make the run unbounded.
 */
import { summarize } from "./stats.mjs";

const MAX_KEPT_ERRORS = 5;

/**
 * @param {object} options
 * @param {number} options.concurrency
 * @param {number} options.maxRequests
 * @param {number} options.maxMs
 * @param {(loop: number) => Promise<string | undefined>} options.send one request; a string is an error
 * @returns {Promise<{ requests: number, errors: number, errorSamples: string[], seconds: number, perSecond: number, latencyMs: ReturnType<typeof summarize> }>}
 */
export async function runLoad({ concurrency, maxRequests, maxMs, send }) {
  const latencies = [];
  const errorSamples = [];
  let errors = 0;
  let sent = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(maxMs * 1e6));

  async function loop(index) {
    while (sent < maxRequests && process.hrtime.bigint() < deadline) {
      sent++;
      const before = process.hrtime.bigint();
      let problem;
      try {
        problem = await send(index);
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      const ms = Number(process.hrtime.bigint() - before) / 1e6;
      if (problem === undefined) {
        latencies.push(ms);
      } else {
        errors++;
        if (errorSamples.length < MAX_KEPT_ERRORS) errorSamples.push(problem);
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, (_, index) => loop(index)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    requests: sent,
    errors,
    errorSamples,
    seconds: Number(seconds.toFixed(3)),
    perSecond: Number((latencies.length / seconds).toFixed(1)),
    latencyMs: summarize(latencies),
  };
}
