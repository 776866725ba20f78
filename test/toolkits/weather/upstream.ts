/**
 * Replace the two Open-Meteo hosts at the network edge. Tests run in the same workerd isolate as the
 * worker and its session objects, so swapping `globalThis.fetch` reaches the toolkit's requests;
 * every other host passes through to the real fetch.
 */
import { afterEach, beforeEach } from "vitest";
import { WEATHER_CACHE_NAME } from "../../../src/toolkits/weather/upstream";
import cairoForecast from "../../fixtures/open-meteo/forecast-cairo-metric.json";
import lisbonImperial from "../../fixtures/open-meteo/forecast-lisbon-imperial.json";
import lisbonMetric from "../../fixtures/open-meteo/forecast-lisbon-metric.json";
import osloForecast from "../../fixtures/open-meteo/forecast-oslo-metric.json";
import springfieldForecast from "../../fixtures/open-meteo/forecast-springfield-illinois-metric.json";
import cairo from "../../fixtures/open-meteo/geocoding-cairo.json";
import empty from "../../fixtures/open-meteo/geocoding-empty.json";
import lisbon from "../../fixtures/open-meteo/geocoding-lisbon.json";
import oslo from "../../fixtures/open-meteo/geocoding-oslo.json";
import springfield from "../../fixtures/open-meteo/geocoding-springfield.json";

export const GEOCODING_HOST = "geocoding-api.open-meteo.com";
export const FORECAST_HOST = "api.open-meteo.com";

const SEARCHES: Record<string, unknown> = { lisbon, springfield, oslo, cairo };

/** Forecasts by the coordinates the toolkit sends (two decimals) and the temperature unit. */
const FORECASTS: Record<string, unknown> = {
  "38.72,-9.13,celsius": lisbonMetric,
  "38.72,-9.13,fahrenheit": lisbonImperial,
  "59.91,10.75,celsius": osloForecast,
  "30.06,31.25,celsius": cairoForecast,
  "39.80,-89.64,celsius": springfieldForecast,
};

export type UpstreamHandler = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

export interface Interception {
  /** Every request that reached the replaced hosts, in order. */
  calls: URL[];
  /** How many requests went to one host. */
  count(host: string): number;
  restore(): void;
}

/** Serve the recorded responses; an unknown place name gets Open-Meteo's "no results" answer. */
export const recorded: UpstreamHandler = (url) => {
  if (url.hostname === GEOCODING_HOST) {
    return json(SEARCHES[(url.searchParams.get("name") ?? "").toLowerCase()] ?? empty);
  }
  const key = `${url.searchParams.get("latitude")},${url.searchParams.get("longitude")},${url.searchParams.get("temperature_unit") ?? "celsius"}`;
  const forecast = FORECASTS[key];
  if (!forecast) throw new Error(`no forecast fixture for ${key}`);
  return json(forecast);
};

/** Route requests for the two Open-Meteo hosts to `handler` until `restore()`. */
export function interceptOpenMeteo(handler: UpstreamHandler = recorded): Interception {
  const original = globalThis.fetch;
  const calls: URL[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (url.hostname !== GEOCODING_HOST && url.hostname !== FORECAST_HOST) return original(input, init);
    calls.push(url);
    return handler(url, init);
  }) as typeof fetch;
  return {
    calls,
    count: (host) => calls.filter((url) => url.hostname === host).length,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** A response that never arrives: settles only when the request is aborted, as a hung server would. */
export function hang(init: RequestInit | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    const signal = init?.signal;
    if (!signal) return;
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/**
 * Empty the toolkit's edge cache for the fixtures' URLs, so one test's cached answers never serve
 * another's. The Cache API has no "clear all"; the keys are the request URLs the toolkit builds.
 */
export async function clearWeatherCache(urls: URL[]): Promise<void> {
  const cache = await caches.open(WEATHER_CACHE_NAME);
  await Promise.all(urls.map((url) => cache.delete(url.toString())));
}

/**
 * Replace Open-Meteo for every test in the calling file, and clear the edge cache after each one.
 * Read `.current` inside a test for the calls seen so far.
 */
export function useOpenMeteo(): { readonly current: Interception } {
  const holder = {} as { current: Interception };
  beforeEach(() => {
    holder.current = interceptOpenMeteo();
  });
  afterEach(async () => {
    holder.current.restore();
    await clearWeatherCache(holder.current.calls);
  });
  return holder;
}
