import { z } from "zod";
import type { Forecast } from "./forecast-api";
import type { ResolvedPlace } from "./resolve-place";
import type { UnitSystem } from "./units";
import { describeWeatherCode } from "./wmo-codes";

/** Fields every weather result starts with: where, and which units the numbers are in. */
export const placeOutput = {
  place: z.string().describe("The place the weather is for: name, region, country (or the coordinates)."),
  latitude: z.number(),
  longitude: z.number(),
  timezone: z.string().describe("IANA time zone of the place; times are local to it."),
  otherMatches: z
    .number()
    .int()
    .describe("Other places with this name that were set aside; add a region or country to pick one."),
  units: z.enum(["metric", "imperial"]),
  temperatureUnit: z.string(),
  windSpeedUnit: z.string(),
  precipitationUnit: z.string(),
};

export function placeFields(place: ResolvedPlace, forecast: Forecast, units: UnitSystem) {
  return {
    place: place.label,
    latitude: place.latitude,
    longitude: place.longitude,
    timezone: forecast.timezone,
    otherMatches: place.otherMatches,
    units,
    temperatureUnit: forecast.current_units.temperature_2m,
    // Open-Meteo labels miles per hour "mp/h"; people write "mph".
    windSpeedUnit: forecast.current_units.wind_speed_10m === "mp/h" ? "mph" : forecast.current_units.wind_speed_10m,
    precipitationUnit: forecast.current_units.precipitation,
  };
}

export const currentOutput = {
  ...placeOutput,
  time: z.string().describe("Local time of the observation, ISO 8601 without offset."),
  conditions: z.string(),
  weatherCode: z.number().int().nullable().describe("WMO weather code."),
  temperature: z.number().nullable(),
  apparentTemperature: z.number().nullable(),
  humidity: z.number().nullable().describe("Relative humidity, %."),
  precipitation: z.number().nullable(),
  cloudCover: z.number().nullable().describe("%"),
  windSpeed: z.number().nullable(),
  windDirection: z.number().nullable().describe("Degrees the wind comes from (0 = north)."),
  windGusts: z.number().nullable(),
  isDay: z.boolean().nullable(),
};

export function currentFields(place: ResolvedPlace, forecast: Forecast, units: UnitSystem) {
  const now = forecast.current;
  return {
    ...placeFields(place, forecast, units),
    time: now.time,
    conditions: describeWeatherCode(now.weather_code),
    weatherCode: now.weather_code,
    temperature: now.temperature_2m,
    apparentTemperature: now.apparent_temperature,
    humidity: now.relative_humidity_2m,
    precipitation: now.precipitation,
    cloudCover: now.cloud_cover,
    windSpeed: now.wind_speed_10m,
    windDirection: now.wind_direction_10m,
    windGusts: now.wind_gusts_10m,
    isDay: now.is_day === null ? null : now.is_day === 1,
  };
}

/** "Partly cloudy, 21.3 °C (feels like 20.8 °C), humidity 62%, wind 14 km/h from NW, gusts 27 km/h, no precipitation". */
export function describeCurrent(data: ReturnType<typeof currentFields>): string {
  const t = data.temperatureUnit;
  const parts = [data.conditions];
  if (data.temperature !== null) {
    parts.push(
      `${data.temperature} ${t}${data.apparentTemperature !== null ? ` (feels like ${data.apparentTemperature} ${t})` : ""}`,
    );
  }
  if (data.humidity !== null) parts.push(`humidity ${data.humidity}%`);
  if (data.windSpeed !== null) {
    parts.push(
      `wind ${data.windSpeed} ${data.windSpeedUnit}${data.windDirection !== null ? ` from ${compassPoint(data.windDirection)}` : ""}`,
    );
  }
  if (data.windGusts !== null) parts.push(`gusts ${data.windGusts} ${data.windSpeedUnit}`);
  if (data.precipitation !== null)
    parts.push(
      data.precipitation === 0 ? "no precipitation" : `precipitation ${data.precipitation} ${data.precipitationUnit}`,
    );
  return parts.join(", ");
}

const COMPASS = [
  "N",
  "NNE",
  "NE",
  "ENE",
  "E",
  "ESE",
  "SE",
  "SSE",
  "S",
  "SSW",
  "SW",
  "WSW",
  "W",
  "WNW",
  "NW",
  "NNW",
] as const;

export function compassPoint(degrees: number): string {
  return COMPASS[Math.round((((degrees % 360) + 360) % 360) / 22.5) % 16] ?? "N";
}

/** A note for the text when other places share the name, so Claude can tell the user which one this is. */
export function otherMatchesNote(place: ResolvedPlace): string {
  return place.otherMatches > 0
    ? ` (${place.otherMatches} other place${place.otherMatches === 1 ? "" : "s"} share this name; add a region or country to choose another)`
    : "";
}
