import { beforeAll, describe, expect, it } from "vitest";
import lisbonImperial from "../../fixtures/open-meteo/forecast-lisbon-imperial.json";
import lisbonMetric from "../../fixtures/open-meteo/forecast-lisbon-metric.json";
import { callTool, openSession, signIn, textOf } from "../../helpers/worker";
import { useOpenMeteo } from "./upstream";

let token: string;
beforeAll(async () => {
  token = (await signIn({ requestScope: "weather:read", scopes: ["weather:read"] })).tokens.access_token;
});
const openMeteo = useOpenMeteo();

describe("weather_forecast", () => {
  it("returns 7 days by default, one row per local date", async () => {
    const session = await openSession(token);
    const reply = await callTool(token, session, "weather_forecast", { place: "Lisbon" });
    expect(reply.result.isError).toBeFalsy();
    const data = reply.result.structuredContent;
    expect(data.place).toBe("Lisbon, Portugal");
    expect(data.days.map((day: { date: string }) => day.date)).toEqual(lisbonMetric.daily.time.slice(0, 7));
    expect(data.days[0]).toEqual({
      date: "2026-06-12",
      conditions: "Partly cloudy",
      weatherCode: 2,
      temperatureMax: lisbonMetric.daily.temperature_2m_max[0],
      temperatureMin: lisbonMetric.daily.temperature_2m_min[0],
      precipitation: 0,
      precipitationProbability: lisbonMetric.daily.precipitation_probability_max[0],
      windSpeedMax: lisbonMetric.daily.wind_speed_10m_max[0],
      sunrise: "2026-06-12T06:11",
      sunset: "2026-06-12T21:03",
    });
    expect(data.days[5].conditions).toBe("Slight rain");
    expect(textOf(reply)).toContain("7-day forecast for Lisbon, Portugal");
    expect(textOf(reply).split("\n")).toHaveLength(8);
  });

  it("gives up to 16 days and refuses 17 with the reason", async () => {
    const session = await openSession(token);
    const all = await callTool(token, session, "weather_forecast", { place: "Lisbon", days: 16, units: "imperial" });
    expect(all.result.structuredContent.days).toHaveLength(16);
    expect(all.result.structuredContent.days[15].temperatureMax).toBe(lisbonImperial.daily.temperature_2m_max[15]);
    expect(all.result.structuredContent.temperatureUnit).toBe("°F");
    const one = await callTool(token, session, "weather_forecast", { place: "Lisbon", days: 1 });
    expect(one.result.structuredContent.days).toHaveLength(1);

    const tooMany = await callTool(token, session, "weather_forecast", { place: "Lisbon", days: 17 });
    expect(tooMany.result.isError).toBe(true);
    expect(textOf(tooMany)).toContain("days can be at most 16");
  });

  it("shares one cached forecast with weather_current for the same place and units", async () => {
    const session = await openSession(token);
    await callTool(token, session, "weather_forecast", { place: "Lisbon" });
    const current = await callTool(token, session, "weather_current", { place: "Lisbon" });
    expect(current.result.isError).toBeFalsy();
    expect(openMeteo.current.calls).toHaveLength(2); // one search, one forecast
  });
});
