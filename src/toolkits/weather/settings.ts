/** The weather toolkit's limits: fixed ones here, WEATHER_TIMEOUT_MS from the Worker's vars. */
export const WEATHER_LIMITS = {
  /** Default for WEATHER_TIMEOUT_MS: how long one request to Open-Meteo may take. */
  defaultTimeoutMs: 5_000,
  /** Upper bound on WEATHER_TIMEOUT_MS: Claude cuts tool calls at about 60 s, and a call makes several requests. */
  maxTimeoutMs: 15_000,
  /** How long a geocoding or forecast response is reused from the edge cache. */
  cacheSeconds: 600,
  /** Largest upstream response read; a 16-day forecast is about 4 KB. */
  maxResponseBytes: 256 * 1024,
  /** Longest forecast Open-Meteo offers. */
  maxForecastDays: 16,
  /**
   * Places per weather_compare call. Each place costs up to 8 subrequests (two cache reads, two
   * cache writes, two fetches that may each be retried once), and the Workers Free plan allows 50
   * per request.
   */
  maxComparePlaces: 5,
  /** Candidates shown when a place name is ambiguous. */
  maxCandidates: 5,
} as const;

/**
 * WEATHER_TIMEOUT_MS as milliseconds: any finite number above 0 (rounded, at most maxTimeoutMs);
 * blank, zero, negative or non-numeric values give the default, like the settings in src/config.ts.
 */
export function weatherTimeoutMs(env: Partial<Pick<Env, "WEATHER_TIMEOUT_MS">>): number {
  const raw = env.WEATHER_TIMEOUT_MS;
  const value = Number(raw);
  if (raw === undefined || raw.trim() === "" || !Number.isFinite(value) || value <= 0)
    return WEATHER_LIMITS.defaultTimeoutMs;
  return Math.min(Math.max(Math.round(value), 1), WEATHER_LIMITS.maxTimeoutMs);
}
