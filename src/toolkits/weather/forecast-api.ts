import { z } from "zod";
import { UserError } from "../../mcp/define";
import { WEATHER_LIMITS } from "./settings";
import { type UnitSystem, unitParameters } from "./units";
import type { Upstream, UpstreamResult } from "./upstream";

const CURRENT_FIELDS = [
  "temperature_2m",
  "apparent_temperature",
  "relative_humidity_2m",
  "precipitation",
  "weather_code",
  "cloud_cover",
  "wind_speed_10m",
  "wind_direction_10m",
  "wind_gusts_10m",
  "is_day",
] as const;

const DAILY_FIELDS = [
  "weather_code",
  "temperature_2m_max",
  "temperature_2m_min",
  "precipitation_sum",
  "precipitation_probability_max",
  "wind_speed_10m_max",
  "sunrise",
  "sunset",
] as const;

// Open-Meteo reports a missing value as null, in `current` and inside the daily arrays.
const value = z.number().nullable();
const forecastSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  timezone: z.string(),
  elevation: z.number().nullable().optional(),
  current_units: z.object({ temperature_2m: z.string(), wind_speed_10m: z.string(), precipitation: z.string() }),
  current: z.object({
    time: z.string(),
    temperature_2m: value,
    apparent_temperature: value,
    relative_humidity_2m: value,
    precipitation: value,
    weather_code: value,
    cloud_cover: value,
    wind_speed_10m: value,
    wind_direction_10m: value,
    wind_gusts_10m: value,
    is_day: value,
  }),
  daily: z.object({
    time: z.array(z.string()),
    weather_code: z.array(value),
    temperature_2m_max: z.array(value),
    temperature_2m_min: z.array(value),
    precipitation_sum: z.array(value),
    precipitation_probability_max: z.array(value),
    wind_speed_10m_max: z.array(value),
    sunrise: z.array(z.string().nullable()),
    sunset: z.array(z.string().nullable()),
  }),
});
export type Forecast = z.infer<typeof forecastSchema>;

/**
 * Current conditions and the full 16-day daily forecast in one request, so a single cache entry
 * per place and units serves weather_current, weather_forecast and weather_compare.
 */
export function fetchForecast(
  upstream: Upstream,
  place: { latitude: number; longitude: number },
  units: UnitSystem,
  signal: AbortSignal,
): Promise<UpstreamResult<Forecast>> {
  const params = {
    // Two decimals (about 1 km) is finer than the forecast grid, and lets nearby coordinates share a cache entry.
    latitude: place.latitude.toFixed(2),
    longitude: place.longitude.toFixed(2),
    current: CURRENT_FIELDS.join(","),
    daily: DAILY_FIELDS.join(","),
    forecast_days: String(WEATHER_LIMITS.maxForecastDays),
    timezone: "auto",
    ...unitParameters(units),
  };
  return upstream.getJson("forecast", params, readForecast, signal);
}

function readForecast(body: unknown): Forecast {
  const parsed = forecastSchema.safeParse(body);
  if (!parsed.success) {
    throw new UserError(
      "Open-Meteo's forecast service sent a response in an unexpected shape. Retrying will probably not help; try again later.",
    );
  }
  return parsed.data;
}
