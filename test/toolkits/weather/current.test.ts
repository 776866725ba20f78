import { beforeAll, describe, expect, it } from "vitest";
import lisbonMetric from "../../fixtures/open-meteo/forecast-lisbon-metric.json";
import { callTool, openSession, signIn, textOf } from "../../helpers/worker";
import { FORECAST_HOST, GEOCODING_HOST, useOpenMeteo } from "./upstream";

let token: string;
beforeAll(async () => {
  token = (await signIn({ requestScope: "weather:read session:write", scopes: ["weather:read", "session:write"] }))
    .tokens.access_token;
});
const openMeteo = useOpenMeteo();

describe("weather_current", () => {
  it("looks a place up by name and returns the current conditions as structured data and text", async () => {
    const session = await openSession(token);
    const reply = await callTool(token, session, "weather_current", { place: "Lisbon" });
    expect(reply.result.isError).toBeFalsy();
    const now = lisbonMetric.current;
    expect(reply.result.structuredContent).toEqual({
      place: "Lisbon, Portugal",
      latitude: 38.71667,
      longitude: -9.13333,
      timezone: "Europe/Lisbon",
      otherMatches: 2,
      units: "metric",
      temperatureUnit: "°C",
      windSpeedUnit: "km/h",
      precipitationUnit: "mm",
      time: now.time,
      conditions: "Partly cloudy",
      weatherCode: 2,
      temperature: now.temperature_2m,
      apparentTemperature: now.apparent_temperature,
      humidity: now.relative_humidity_2m,
      precipitation: 0,
      cloudCover: now.cloud_cover,
      windSpeed: now.wind_speed_10m,
      windDirection: 315,
      windGusts: now.wind_gusts_10m,
      isDay: true,
    });
    expect(textOf(reply)).toContain(
      `Partly cloudy, ${now.temperature_2m} °C (feels like ${now.apparent_temperature} °C)`,
    );
    expect(textOf(reply)).toContain("wind 14.8 km/h from NW");
    expect(textOf(reply)).toContain("2 other places share this name");

    const [search, forecast] = openMeteo.current.calls;
    expect(search?.hostname).toBe(GEOCODING_HOST);
    expect(Object.fromEntries(search?.searchParams ?? [])).toEqual({
      name: "Lisbon",
      count: "10",
      language: "en",
      format: "json",
    });
    expect(forecast?.hostname).toBe(FORECAST_HOST);
    expect(forecast?.searchParams.get("forecast_days")).toBe("16");
    expect(forecast?.searchParams.get("timezone")).toBe("auto");
    expect(forecast?.searchParams.has("temperature_unit")).toBe(false);
  });

  it("uses the units argument, else the user's preference, else metric", async () => {
    const session = await openSession(token);
    await callTool(token, session, "session_set_preferences", { units: "imperial" });
    const fromPreference = await callTool(token, session, "weather_current", { place: "Lisbon" });
    expect(fromPreference.result.structuredContent).toMatchObject({
      units: "imperial",
      temperatureUnit: "°F",
      windSpeedUnit: "mph",
      precipitationUnit: "inch",
    });
    expect(openMeteo.current.calls.at(-1)?.searchParams.get("wind_speed_unit")).toBe("mph");

    const fromArgument = await callTool(token, session, "weather_current", { place: "Lisbon", units: "metric" });
    expect(fromArgument.result.structuredContent).toMatchObject({ units: "metric", temperatureUnit: "°C" });

    // Preferences belong to the user: another session of the same user sees them until cleared.
    const other = await openSession(token);
    const elsewhere = await callTool(token, other, "weather_current", { place: "Lisbon" });
    expect(elsewhere.result.structuredContent.units).toBe("imperial");
    await callTool(token, other, "session_set_preferences", { units: null });
    const cleared = await callTool(token, session, "weather_current", { place: "Lisbon" });
    expect(cleared.result.structuredContent.units).toBe("metric");
  });

  it('takes coordinates, as numbers or as "lat, lon"', async () => {
    const session = await openSession(token);
    const numbers = await callTool(token, session, "weather_current", { latitude: 38.7199, longitude: -9.1311 });
    expect(numbers.result.structuredContent).toMatchObject({
      place: "38.7199, -9.1311",
      otherMatches: 0,
      timezone: "Europe/Lisbon",
    });
    const text = await callTool(token, session, "weather_current", { place: "38.7199, -9.1311" });
    expect(text.result.structuredContent.place).toBe("38.7199, -9.1311");
    expect(openMeteo.current.count(GEOCODING_HOST)).toBe(0);
  });

  it("lists the candidates for an ambiguous name, and resolves a qualified one", async () => {
    const session = await openSession(token);
    const ambiguous = await callTool(token, session, "weather_current", { place: "Springfield" });
    expect(ambiguous.result.isError).toBe(true);
    const text = textOf(ambiguous);
    expect(text).toContain('"Springfield" matches several places');
    expect(text).toContain("- Springfield, Missouri, United States (37.22, -93.30, population 169,176)");
    expect(text).toContain("- Springfield, Massachusetts, United States");
    expect(text.split("\n").filter((line: string) => line.startsWith("- "))).toHaveLength(5);
    expect(openMeteo.current.count(FORECAST_HOST)).toBe(0);

    const qualified = await callTool(token, session, "weather_current", { place: "springfield, illinois" });
    expect(qualified.result.isError).toBeFalsy();
    expect(qualified.result.structuredContent).toMatchObject({
      place: "Springfield, Illinois, United States",
      otherMatches: 1,
    });
  });

  it("says clearly when a place does not exist, or not where it was asked for", async () => {
    const session = await openSession(token);
    const unknown = await callTool(token, session, "weather_current", { place: "Xqzzyville" });
    expect(unknown.result.isError).toBe(true);
    expect(textOf(unknown)).toBe(
      'No place called "Xqzzyville" was found. Check the spelling, try a nearby larger town, or pass latitude and longitude.',
    );

    const elsewhere = await callTool(token, session, "weather_current", { place: "Oslo, Brazil" });
    expect(elsewhere.result.isError).toBe(true);
    expect(textOf(elsewhere)).toContain('No place called "Oslo" in Brazil was found. It exists elsewhere:');
    expect(textOf(elsewhere)).toContain("- Oslo, Norway");
  });

  it("refuses contradictory or missing locations before calling Open-Meteo", async () => {
    const session = await openSession(token);
    const both = await callTool(token, session, "weather_current", { place: "Lisbon", latitude: 1, longitude: 2 });
    expect(textOf(both)).toContain("either place or latitude and longitude");
    const half = await callTool(token, session, "weather_current", { latitude: 1 });
    expect(textOf(half)).toContain("both latitude and longitude");
    const none = await callTool(token, session, "weather_current", {});
    expect(textOf(none)).toContain("Say where");
    const outOfRange = await callTool(token, session, "weather_current", { place: "95, 10" });
    expect(textOf(outOfRange)).toContain("latitude must be within ±90");
    for (const reply of [both, half, none, outOfRange]) expect(reply.result.isError).toBe(true);
    expect(openMeteo.current.calls).toHaveLength(0);
  });
});
