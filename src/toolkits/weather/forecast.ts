import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { openMeteoClient } from "./client";
import type { Forecast } from "./forecast-api";
import { locate, placeInput } from "./place-input";
import { otherMatchesNote, placeFields, placeOutput } from "./report";
import { WEATHER_READ } from "./scopes";
import { WEATHER_LIMITS } from "./settings";
import { chooseUnits } from "./units";
import { weatherView } from "./view";
import { describeWeatherCode } from "./wmo-codes";

const dayOutput = z.object({
  date: z.string(),
  conditions: z.string(),
  weatherCode: z.number().int().nullable(),
  temperatureMax: z.number().nullable(),
  temperatureMin: z.number().nullable(),
  precipitation: z.number().nullable().describe("Total for the day."),
  precipitationProbability: z.number().nullable().describe("Highest chance during the day, %."),
  windSpeedMax: z.number().nullable(),
  sunrise: z.string().nullable(),
  sunset: z.string().nullable(),
});

export const weatherForecast = defineTool({
  name: "weather_forecast",
  title: "Weather forecast",
  description:
    `Daily forecast for up to ${WEATHER_LIMITS.maxForecastDays} days (default 7) at a place: conditions, high and low, ` +
    "precipitation total and chance, strongest wind, sunrise and sunset, one row per local date starting today. Give " +
    "a place name (add region or country after commas to disambiguate) or latitude and longitude; an ambiguous name " +
    "returns the candidates to choose from. Units: the units argument, else the session's preference, else metric. " +
    "Forecasts beyond about 7 days are rough. Data from Open-Meteo.",
  scope: WEATHER_READ,
  view: weatherView,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: z.object({
    ...placeInput,
    days: z
      .number()
      .int()
      .min(1)
      .max(
        WEATHER_LIMITS.maxForecastDays,
        `days can be at most ${WEATHER_LIMITS.maxForecastDays}, the longest forecast Open-Meteo offers`,
      )
      .optional()
      .describe(`Number of days, 1 to ${WEATHER_LIMITS.maxForecastDays}, starting today. Default 7.`),
  }),
  output: z.object({ ...placeOutput, days: z.array(dayOutput) }),
  async handler(args, ctx) {
    const client = openMeteoClient(ctx.env);
    const units = await chooseUnits(args.units, ctx);
    const place = await locate(args, client, ctx.signal);
    const { data: forecast, cached } = await client.forecast(place, units, ctx.signal);
    if (cached) await ctx.log("debug", { message: `Forecast for ${place.label} came from the 10-minute cache.` });
    const days = dailyRows(forecast, args.days ?? 7);
    const fields = placeFields(place, forecast, units);
    const t = fields.temperatureUnit;
    const lines = days.map(
      (day) =>
        `${day.date}: ${day.conditions}, ${day.temperatureMin ?? "?"} to ${day.temperatureMax ?? "?"} ${t}` +
        (day.precipitation ? `, ${day.precipitation} ${fields.precipitationUnit} precipitation` : "") +
        (day.precipitationProbability !== null ? ` (${day.precipitationProbability}% chance)` : "") +
        (day.windSpeedMax !== null ? `, wind up to ${day.windSpeedMax} ${fields.windSpeedUnit}` : ""),
    );
    return {
      data: { ...fields, days },
      text: `${days.length}-day forecast for ${fields.place}${otherMatchesNote(place)} (${fields.timezone}):\n${lines.join("\n")}`,
    };
  },
});

function dailyRows(forecast: Forecast, count: number): z.infer<typeof dayOutput>[] {
  const daily = forecast.daily;
  return daily.time.slice(0, count).map((date, i) => ({
    date,
    conditions: describeWeatherCode(daily.weather_code[i] ?? null),
    weatherCode: daily.weather_code[i] ?? null,
    temperatureMax: daily.temperature_2m_max[i] ?? null,
    temperatureMin: daily.temperature_2m_min[i] ?? null,
    precipitation: daily.precipitation_sum[i] ?? null,
    precipitationProbability: daily.precipitation_probability_max[i] ?? null,
    windSpeedMax: daily.wind_speed_10m_max[i] ?? null,
    sunrise: daily.sunrise[i] ?? null,
    sunset: daily.sunset[i] ?? null,
  }));
}
