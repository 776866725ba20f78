import { readBodyLimited } from "../../lib/read-body";
import { UserError } from "../../mcp/define";
import { WEATHER_LIMITS } from "./settings";

/**
 * The two Open-Meteo services the toolkit calls. URLs are built from these fixed hosts and paths;
 * callers supply only query parameters, so no argument can point a request anywhere else.
 */
export const OPEN_METEO = {
  geocoding: { origin: "https://geocoding-api.open-meteo.com", path: "/v1/search", label: "place search (geocoding)" },
  forecast: { origin: "https://api.open-meteo.com", path: "/v1/forecast", label: "forecast" },
} as const;
export type OpenMeteoService = keyof typeof OPEN_METEO;

/** The named edge cache holding Open-Meteo responses, keyed by request URL. */
export const WEATHER_CACHE_NAME = "open-meteo";

/** Pause before the one retry after a 5xx, so a momentary overload has a chance to clear. */
const RETRY_PAUSE_MS = 250;

export interface UpstreamResult<T> {
  data: T;
  /** Served from the edge cache without calling Open-Meteo. */
  cached: boolean;
}

export interface Upstream {
  /**
   * GET one Open-Meteo endpoint and validate the JSON with `read` (which throws UserError on an
   * unexpected shape). Only validated 200 responses are cached, for WEATHER_LIMITS.cacheSeconds.
   */
  getJson<T>(
    service: OpenMeteoService,
    params: Record<string, string>,
    read: (body: unknown) => T,
    signal: AbortSignal,
  ): Promise<UpstreamResult<T>>;
}

export function createUpstream(options: { timeoutMs: number }): Upstream {
  const { timeoutMs } = options;
  // Opened once per upstream (so once per isolate); without a usable cache the toolkit still works.
  let cache: Promise<Cache | undefined> | undefined;
  const openCache = () => (cache ??= caches.open(WEATHER_CACHE_NAME).catch(() => undefined));

  return {
    async getJson(service, params, read, signal) {
      const { origin, path, label } = OPEN_METEO[service];
      const url = new URL(path, origin);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      // The request URL is the cache key: it names the place (or search) and the units exactly.
      const key = new Request(url.toString());

      const store = await openCache();
      const hit = await store?.match(key).catch(() => undefined);
      if (hit) {
        try {
          return { data: read(JSON.parse(await hit.text())), cached: true };
        } catch {
          // A stale entry in an older shape: fetch a fresh one below.
        }
      }

      const text = await fetchWithRetry(url, label, timeoutMs, signal);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new UserError(
          `Open-Meteo's ${label} service sent a response that is not JSON. Retrying will probably not help; try again later.`,
        );
      }
      const data = read(body);
      await store
        ?.put(
          key,
          new Response(text, {
            headers: { "Content-Type": "application/json", "Cache-Control": `max-age=${WEATHER_LIMITS.cacheSeconds}` },
          }),
        )
        .catch(() => undefined);
      return { data, cached: false };
    },
  };
}

/** One GET with a per-attempt timeout, retried once on a 5xx; every failure becomes a UserError saying whether retrying helps. */
async function fetchWithRetry(url: URL, label: string, timeoutMs: number, signal: AbortSignal): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const timeout = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string | undefined;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        signal: AbortSignal.any([signal, timeout]),
      });
      status = response.status;
      text = await readCapped(response, WEATHER_LIMITS.maxResponseBytes);
    } catch (error) {
      if (signal.aborted) throw new UserError("The request was cancelled before Open-Meteo answered.");
      if (timeout.aborted) {
        throw new UserError(
          `Open-Meteo's ${label} service did not answer within ${formatSeconds(timeoutMs)}. It may be slow or down: retrying in a minute may help.`,
        );
      }
      const reason = error instanceof Error ? error.message : "network error";
      throw new UserError(
        `Could not reach Open-Meteo's ${label} service (${reason}). The network may be down or this server may have no ` +
          "internet access; retrying in a few minutes may help.",
      );
    }
    if (status >= 500) {
      if (attempt === 1) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
        continue;
      }
      throw new UserError(
        `Open-Meteo's ${label} service failed twice in a row (HTTP ${status}). The problem is on Open-Meteo's side: try again in a few minutes.`,
      );
    }
    if (text === undefined) {
      throw new UserError(
        `Open-Meteo's ${label} service sent more than ${WEATHER_LIMITS.maxResponseBytes / 1024} KiB, which is not a normal answer. Retrying will probably not help.`,
      );
    }
    if (status === 429) {
      throw new UserError(
        `Open-Meteo's rate limit was reached (HTTP 429). Wait a minute before asking again; retrying at once will fail.`,
      );
    }
    if (status !== 200) {
      throw new UserError(
        `Open-Meteo refused the ${label} request (HTTP ${status}${reasonIn(text)}). Retrying the same request will not help.`,
      );
    }
    return text;
  }
}

/** The body as text, or undefined when it is larger than `max` bytes (declared or actually sent). */
async function readCapped(response: Response, max: number): Promise<string | undefined> {
  const bytes = await readBodyLimited(response, max);
  return bytes && new TextDecoder().decode(bytes);
}

/** Open-Meteo explains a refused request as `{"error": true, "reason": "…"}`. */
function reasonIn(text: string): string {
  try {
    const reason = (JSON.parse(text) as { reason?: unknown }).reason;
    return typeof reason === "string" && reason.length > 0 ? `: ${reason.slice(0, 200)}` : "";
  } catch {
    return "";
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
