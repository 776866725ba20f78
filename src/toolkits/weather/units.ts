import { z } from "zod";
import type { ToolContext } from "../../mcp/define";

export const UNIT_SYSTEMS = ["metric", "imperial"] as const;
export type UnitSystem = (typeof UNIT_SYSTEMS)[number];

export const unitsInput = z
  .enum(UNIT_SYSTEMS)
  .optional()
  .describe("\"metric\" (°C, km/h, mm) or \"imperial\" (°F, mph, inch). Default: the session's saved preference, else metric.");

/** The argument, else the session's preference (session_set_preferences), else metric. */
export function chooseUnits(requested: UnitSystem | undefined, ctx: ToolContext): UnitSystem {
  return requested ?? ctx.session.read().preferences.units ?? "metric";
}

/** Open-Meteo's query parameters for a unit system; metric is its default, so it needs none. */
export function unitParameters(units: UnitSystem): Record<string, string> {
  return units === "imperial" ? { temperature_unit: "fahrenheit", wind_speed_unit: "mph", precipitation_unit: "inch" } : {};
}
