/** When to try a failed delivery again: exponential backoff with jitter, bounded. */

export const MAX_ATTEMPTS = 5;
export const BASE_DELAY_MS = 10_000;
/** A Retry-After longer than this is treated as "give up": the notification would arrive too late to matter. */
export const MAX_DELAY_MS = 60 * 60_000;

/**
 * Delay before attempt `attempt + 1`, after `attempt` attempts (1-based): 10 s · 2^(attempt−1),
 * ±20 % jitter so many deliveries failing together do not retry together, and never sooner than
 * the service's Retry-After. Returns undefined when no attempt is left or the wait is too long.
 */
export function nextRetryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= MAX_ATTEMPTS) return undefined;
  const base = BASE_DELAY_MS * 2 ** (attempt - 1);
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  const delay = Math.max(jittered, retryAfterMs ?? 0);
  return delay > MAX_DELAY_MS ? undefined : delay;
}
