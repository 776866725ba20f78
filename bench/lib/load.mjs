/**
 * Closed-loop load: `concurrency` loops, each sending its next request as soon as the last one
 * completes, until `maxRequests` have been sent or `maxMs` has passed. Bounded both ways, so a slow
 * or stuck server cannot make the run unbounded. Slices of one step (taken in rounds, interleaved
 * with the other targets) are merged with `mergeSlices`.
 */
import { summarize } from "./stats.mjs";

const MAX_KEPT_ERRORS = 5;

/**
 * @param {object} options
 * @param {number} options.concurrency
 * @param {number} options.maxRequests
 * @param {number} options.maxMs
 * @param {(loop: number) => Promise<string | undefined>} options.send one request; a string is an error
 */
export async function runSlice({ concurrency, maxRequests, maxMs, send }) {
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
  return { requests: sent, errors, errorSamples, seconds: Number(process.hrtime.bigint() - started) / 1e9, latencies };
}

/** One step's figures from its slices: counts and time add up, latencies pool. */
export function mergeSlices(slices) {
  const latencies = slices.flatMap((slice) => slice.latencies);
  const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
  return {
    requests: slices.reduce((sum, slice) => sum + slice.requests, 0),
    errors: slices.reduce((sum, slice) => sum + slice.errors, 0),
    errorSamples: slices.flatMap((slice) => slice.errorSamples).slice(0, MAX_KEPT_ERRORS),
    slices: slices.length,
    seconds: Number(seconds.toFixed(3)),
    perSecond: seconds > 0 ? Number((latencies.length / seconds).toFixed(1)) : 0,
    latencyMs: summarize(latencies),
  };
}
