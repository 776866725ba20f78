import { defineToolkit } from "../../mcp/define";
import { weatherCompare } from "./compare";
import { weatherCurrent } from "./current";
import { weatherForecast } from "./forecast";
import { weatherScopes } from "./scopes";
import { weatherView } from "./view";

/** Current weather, forecasts and comparisons from Open-Meteo (no API key). */
export const weatherToolkit = defineToolkit({
  name: "weather",
  title: "Weather",
  guidance: "weather_* give current conditions and forecasts for any place from Open-Meteo.",
  scopes: weatherScopes,
  // The upstream timeout (settings.ts).
  bindings: ["WEATHER_TIMEOUT_MS"],
  tools: [weatherCurrent, weatherForecast, weatherCompare],
  views: [weatherView],
});
