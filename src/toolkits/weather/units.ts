import { z } from "zod";
import type { ToolContext } from "../../mcp/define";

export const UNIT_SYSTEMS = ["metric", "imperial"] as const;
export type UnitSystem = (typeof UNIT_SYSTEMS)[number];

export const unitsInput = z
  .enum(UNIT_SYSTEMS)
  .optional()
  .describe(
    '"metric" (°C, km/h, mm) or "imperial" (°F, mph, inch). Default: the user\'s saved preference, else metric.',
  );

/** The argument, else the user's preference (session_set_preferences), else metric. */
export async function chooseUnits(requested: UnitSystem | undefined, ctx: ToolContext): Promise<UnitSystem> {
  return requested ?? (await ctx.preferences.read()).units ?? "metric";
}

/** Open-Meteo's query parameters for a unit system; metric is its default, so it needs none. */
export function unitParameters(units: UnitSystem): Record<string, string> {
  return units === "imperial"
    ? { temperature_unit: "fahrenheit", wind_speed_unit: "mph", precipitation_unit: "inch" }
    : {};
}
