/**
 * The weather results the browser test feeds the weather view (test/browser/views.test.ts). Its
 * `wrangler dev` cannot reach Open-Meteo, so these two are recorded here, where the fake Open-Meteo
 * serves the fixtures: this test fails whenever the tools' results and the recordings part.
 */
import { beforeAll, describe, expect, it } from "vitest";
import compareResult from "../../fixtures/views/weather-compare.json";
import forecastResult from "../../fixtures/views/weather-forecast-lisbon.json";
import { callTool, openSession, signIn } from "../../helpers/worker";
import { useOpenMeteo } from "./upstream";

let token: string;
beforeAll(async () => {
  token = (await signIn({ requestScope: "weather:read", scopes: ["weather:read"] })).tokens.access_token;
});
useOpenMeteo();

describe("the weather view's recorded results", () => {
  it("are weather_forecast's answer for Lisbon, 10 days", async () => {
    const reply = await callTool(token, await openSession(token), "weather_forecast", { place: "Lisbon", days: 10 });
    expect(reply.result).toEqual(forecastResult);
  });

  it("are weather_compare's answer for Lisbon, Oslo, Cairo and a place that does not exist", async () => {
    const reply = await callTool(token, await openSession(token), "weather_compare", {
      places: ["Lisbon", "Oslo", "Cairo", "Atlantis"],
    });
    expect(reply.result).toEqual(compareResult);
  });
});
