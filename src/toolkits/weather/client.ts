import { type Forecast, fetchForecast } from "./forecast-api";
import { type GeoPlace, searchPlaces } from "./geocoding";
import { weatherTimeoutMs } from "./settings";
import type { UnitSystem } from "./units";
import { createUpstream, type UpstreamResult } from "./upstream";

export interface OpenMeteoClient {
  readonly timeoutMs: number;
  searchPlaces(name: string, signal: AbortSignal): Promise<UpstreamResult<GeoPlace[]>>;
  forecast(
    place: { latitude: number; longitude: number },
    units: UnitSystem,
    signal: AbortSignal,
  ): Promise<UpstreamResult<Forecast>>;
}

// One client per isolate: it holds the opened edge cache, which every session object in the
// isolate shares. A different WEATHER_TIMEOUT_MS (only in tests) gets a client of its own.
const clients = new Map<number, OpenMeteoClient>();

export function openMeteoClient(env: Partial<Pick<Env, "WEATHER_TIMEOUT_MS">>): OpenMeteoClient {
  const timeoutMs = weatherTimeoutMs(env);
  let client = clients.get(timeoutMs);
  if (!client) {
    const upstream = createUpstream({ timeoutMs });
    client = {
      timeoutMs,
      searchPlaces: (name, signal) => searchPlaces(upstream, name, signal),
      forecast: (place, units, signal) => fetchForecast(upstream, place, units, signal),
    };
    clients.set(timeoutMs, client);
  }
  return client;
}
