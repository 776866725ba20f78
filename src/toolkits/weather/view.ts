import { defineView } from "../../mcp/define";
import { VIEW_HTML } from "../../views/html.generated";
import { WEATHER_READ } from "./scopes";

/** The chart view of weather_forecast and weather_compare (src/views/app/weather.ts). */
export const weatherView = defineView({
  uri: "ui://weather/forecast.html",
  name: "weather_view",
  title: "Weather chart",
  description:
    "Interactive view of a weather_forecast or weather_compare result: temperature band, precipitation and wind.",
  scope: WEATHER_READ,
  html: VIEW_HTML.weather,
  csp: { connectDomains: [], resourceDomains: [] },
});
