/** The weather toolkit's scope: read-only look-ups of public forecasts. */
export const WEATHER_READ = "weather:read";

export const weatherScopes = {
  [WEATHER_READ]:
    "Look up current weather and forecasts for places you name (sent to Open-Meteo, a public weather service)",
};
