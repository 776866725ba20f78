import { z } from "zod";
import { defineTool, UserError } from "../../mcp/define";
import { openMeteoClient } from "./client";
import { resolvePlace } from "./resolve-place";
import { WEATHER_READ } from "./scopes";
import { WEATHER_LIMITS } from "./settings";
import { chooseUnits, type UnitSystem, unitsInput } from "./units";
import { weatherView } from "./view";
import { describeWeatherCode } from "./wmo-codes";

const UNIT_LABELS: Record<UnitSystem, { temperature: string; windSpeed: string; precipitation: string }> = {
  metric: { temperature: "°C", windSpeed: "km/h", precipitation: "mm" },
  imperial: { temperature: "°F", windSpeed: "mph", precipitation: "inch" },
};

const rowOutput = z.object({
  query: z.string().describe("The place as asked for."),
  place: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  time: z.string().nullable().describe("Local time of the observation."),
  conditions: z.string().nullable(),
  temperature: z.number().nullable(),
  apparentTemperature: z.number().nullable(),
  todayMax: z.number().nullable(),
  todayMin: z.number().nullable(),
  precipitationProbability: z.number().nullable().describe("Today's highest chance, %."),
  windSpeed: z.number().nullable(),
  error: z.string().nullable().describe("Why this place has no data; the other places are unaffected."),
});
type Row = z.infer<typeof rowOutput>;

export const weatherCompare = defineTool({
  name: "weather_compare",
  title: "Compare weather between places",
  description:
    `Current weather and today's high and low for 2 to ${WEATHER_LIMITS.maxComparePlaces} places side by side, with the ` +
    'warmest and coldest named. Each place is a name (with region or country after commas if needed) or "lat, lon". ' +
    "A place that cannot be found or is ambiguous gets an error in its row while the others are still compared. " +
    "Sends a progress notification as each place completes. Units: the units argument, else the session's " +
    "preference, else metric. Data from Open-Meteo.",
  scope: WEATHER_READ,
  view: weatherView,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: z.object({
    places: z
      .array(z.string().trim().min(1, "a place is empty").max(100, "a place is longer than 100 characters"))
      .min(2, "give at least 2 places to compare (use weather_current for one)")
      .max(
        WEATHER_LIMITS.maxComparePlaces,
        `give at most ${WEATHER_LIMITS.maxComparePlaces} places per call; split longer lists into several calls`,
      )
      .describe('Places to compare, e.g. ["Lisbon", "Oslo", "Cairo"].'),
    units: unitsInput,
  }),
  output: z.object({
    units: z.enum(["metric", "imperial"]),
    temperatureUnit: z.string(),
    windSpeedUnit: z.string(),
    precipitationUnit: z.string(),
    places: z.array(rowOutput),
    warmest: z.string().nullable().describe("Place with the highest current temperature."),
    coldest: z.string().nullable().describe("Place with the lowest current temperature."),
    failed: z.number().int(),
  }),
  async handler(args, ctx) {
    const client = openMeteoClient(ctx.env);
    const units = await chooseUnits(args.units, ctx);
    const labels = UNIT_LABELS[units];
    const queries = [...new Map(args.places.map((place) => [place.toLowerCase(), place])).values()];
    let done = 0;

    const rows = await Promise.all(
      queries.map(async (query): Promise<Row> => {
        let row: Row;
        try {
          const place = await resolvePlace(query, client, ctx.signal);
          const { data: forecast } = await client.forecast(place, units, ctx.signal);
          const now = forecast.current;
          row = {
            query,
            place: place.label,
            latitude: place.latitude,
            longitude: place.longitude,
            time: now.time,
            conditions: describeWeatherCode(now.weather_code),
            temperature: now.temperature_2m,
            apparentTemperature: now.apparent_temperature,
            todayMax: forecast.daily.temperature_2m_max[0] ?? null,
            todayMin: forecast.daily.temperature_2m_min[0] ?? null,
            precipitationProbability: forecast.daily.precipitation_probability_max[0] ?? null,
            windSpeed: now.wind_speed_10m,
            error: null,
          };
          await ctx.log("info", {
            message: `Weather for ${query}: ${row.conditions}, ${row.temperature ?? "?"} ${labels.temperature}.`,
          });
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          row = { ...emptyRow(query), error: error.message };
          await ctx.log("warning", { message: `No weather for ${query}: ${error.message}` });
        }
        // Counted as places finish, so progress only ever increases whatever order they finish in.
        done++;
        await ctx.progress(
          done,
          queries.length,
          row.error ? `${query}: failed` : `${query}: ${row.temperature ?? "?"} ${labels.temperature}`,
        );
        return row;
      }),
    );

    const found = rows.filter((row) => row.error === null && row.temperature !== null);
    if (found.length === 0) {
      throw new UserError(
        `No weather could be fetched for any of the places:\n${rows.map((row) => `- ${row.query}: ${row.error ?? "no temperature reported"}`).join("\n")}`,
      );
    }
    const byTemperature = [...found].sort((a, b) => (b.temperature ?? 0) - (a.temperature ?? 0));
    const warmest = byTemperature[0]?.place ?? null;
    const coldest = byTemperature.at(-1)?.place ?? null;
    const lines = rows.map((row) =>
      row.error !== null
        ? `- ${row.query}: ${row.error}`
        : `- ${row.place}: ${row.conditions}, ${row.temperature ?? "?"} ${labels.temperature} now, today ${row.todayMin ?? "?"} to ${row.todayMax ?? "?"} ${labels.temperature}`,
    );
    return {
      data: {
        units,
        temperatureUnit: labels.temperature,
        windSpeedUnit: labels.windSpeed,
        precipitationUnit: labels.precipitation,
        places: rows,
        warmest,
        coldest,
        failed: rows.length - found.length,
      },
      text: `${lines.join("\n")}\nWarmest now: ${warmest}. Coldest now: ${coldest}.`,
    };
  },
});

function emptyRow(query: string): Row {
  return {
    query,
    place: null,
    latitude: null,
    longitude: null,
    time: null,
    conditions: null,
    temperature: null,
    apparentTemperature: null,
    todayMax: null,
    todayMin: null,
    precipitationProbability: null,
    windSpeed: null,
    error: null,
  };
}
