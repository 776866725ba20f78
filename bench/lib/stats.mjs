/** Summaries of latency samples (milliseconds) and runs. */

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const round = (value, digits = 3) => (value === null ? null : Number(value.toFixed(digits)));

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : null;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(mean),
    max: round(sorted.at(-1) ?? null),
  };
}

export function ratio(numerator, denominator) {
  return numerator == null || !denominator ? null : round(numerator / denominator, 3);
}
