import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { openMeteoClient } from "./client";
import { locate, placeInput } from "./place-input";
import { currentFields, currentOutput, describeCurrent, otherMatchesNote } from "./report";
import { WEATHER_READ } from "./scopes";
import { chooseUnits } from "./units";

export const weatherCurrent = defineTool({
  name: "weather_current",
  title: "Current weather",
  description:
    "Current weather at a place: conditions, temperature and feels-like, humidity, wind and gusts, precipitation and " +
    "cloud cover, with the local observation time. Give a place name (add region or country after commas to " +
    'disambiguate, e.g. "Springfield, Illinois") or latitude and longitude. An ambiguous name returns the candidates ' +
    "to choose from. Units: the units argument, else the session's preference, else metric. Data from Open-Meteo, " +
    "refreshed at most every 10 minutes.",
  scope: WEATHER_READ,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: z.object(placeInput),
  output: z.object(currentOutput),
  async handler(args, ctx) {
    const client = openMeteoClient(ctx.env);
    const units = await chooseUnits(args.units, ctx);
    const place = await locate(args, client, ctx.signal);
    const { data: forecast, cached } = await client.forecast(place, units, ctx.signal);
    if (cached)
      await ctx.log("debug", { message: `Current weather for ${place.label} came from the 10-minute cache.` });
    const data = currentFields(place, forecast, units);
    return {
      data,
      text: `${data.place}${otherMatchesNote(place)}, at ${data.time.replace("T", " ")} local time (${data.timezone}): ${describeCurrent(data)}.`,
    };
  },
});
