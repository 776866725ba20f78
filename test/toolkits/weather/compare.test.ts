import { beforeAll, describe, expect, it } from "vitest";
import { WEATHER_LIMITS } from "../../../src/toolkits/weather/settings";
import cairoForecast from "../../fixtures/open-meteo/forecast-cairo-metric.json";
import osloForecast from "../../fixtures/open-meteo/forecast-oslo-metric.json";
import { callTool, openSession, postMcp, rpc, rpcMessages, signIn, textOf } from "../../helpers/worker";
import { useOpenMeteo } from "./upstream";

let token: string;
beforeAll(async () => {
  token = (await signIn({ requestScope: "weather:read", scopes: ["weather:read"] })).tokens.access_token;
});
const openMeteo = useOpenMeteo();

/** tools/call with a progress token; returns the reply and every notification sent on the way. */
async function compareWithNotifications(session: string, args: Record<string, unknown>) {
  const id = 9001;
  const response = await postMcp(
    token,
    {
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: "weather_compare", arguments: args, _meta: { progressToken: "compare-1" } },
    },
    { "Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25" },
  );
  const messages = await rpcMessages(response);
  return {
    reply: messages.find((message) => message.id === id) as Record<string, any>,
    progress: messages
      .filter((message) => message.method === "notifications/progress")
      .map((message) => message.params),
    logs: messages.filter((message) => message.method === "notifications/message").map((message) => message.params),
  };
}

describe("weather_compare", () => {
  it("compares places side by side, with a progress and a log notification per place", async () => {
    const session = await openSession(token);
    const { reply, progress, logs } = await compareWithNotifications(session, {
      places: ["Lisbon", "Oslo", "Cairo", "Springfield", "Xqzzyville"],
    });
    expect(reply.result.isError).toBeFalsy();
    const data = reply.result.structuredContent;
    expect(data.places.map((row: { query: string; place: string | null }) => [row.query, row.place])).toEqual([
      ["Lisbon", "Lisbon, Portugal"],
      ["Oslo", "Oslo, Norway"],
      ["Cairo", "Cairo, Egypt"],
      ["Springfield", null],
      ["Xqzzyville", null],
    ]);
    expect(data.places[2]).toMatchObject({
      temperature: cairoForecast.current.temperature_2m,
      todayMax: cairoForecast.daily.temperature_2m_max[0],
      todayMin: cairoForecast.daily.temperature_2m_min[0],
      conditions: "Clear sky",
      error: null,
    });
    expect(data.places[3].error).toContain("matches several places");
    expect(data.places[4].error).toContain('No place called "Xqzzyville"');
    expect(data).toMatchObject({
      warmest: "Cairo, Egypt",
      coldest: "Oslo, Norway",
      failed: 2,
      units: "metric",
      temperatureUnit: "°C",
    });
    expect(textOf(reply)).toContain(`- Oslo, Norway: Overcast, ${osloForecast.current.temperature_2m} °C now`);

    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.every((p) => p.total === 5 && p.progressToken === "compare-1")).toBe(true);
    expect(progress.map((p) => p.message)).toContain(`Cairo: ${cairoForecast.current.temperature_2m} °C`);
    expect(progress.map((p) => p.message)).toContain("Springfield: failed");

    expect(logs.filter((log) => log.level === "info")).toHaveLength(3);
    expect(logs.filter((log) => log.level === "warning").map((log) => log.data.message)).toEqual([
      expect.stringContaining("No weather for Springfield"),
      expect.stringContaining("No weather for Xqzzyville"),
    ]);
  });

  it("honours logging/setLevel: only warnings and above once the client asks for them", async () => {
    const session = await openSession(token);
    const set = await rpc(token, session, "logging/setLevel", { level: "warning" });
    expect(set.error).toBeUndefined();
    const { reply, logs } = await compareWithNotifications(session, { places: ["Lisbon", "Xqzzyville"] });
    expect(reply.result.isError).toBeFalsy();
    expect(logs.map((log) => log.level)).toEqual(["warning"]);
  });

  it("fails as a whole only when no place could be fetched", async () => {
    const session = await openSession(token);
    const reply = await callTool(token, session, "weather_compare", { places: ["Springfield", "Xqzzyville"] });
    expect(reply.result.isError).toBe(true);
    expect(textOf(reply)).toContain("No weather could be fetched for any of the places:\n- Springfield:");
  });

  it(`takes 2 to ${WEATHER_LIMITS.maxComparePlaces} places`, async () => {
    const session = await openSession(token);
    const most = ["Lisbon", "Oslo", "Cairo", "38.72, -9.13", "Springfield, Illinois"];
    expect(most).toHaveLength(WEATHER_LIMITS.maxComparePlaces);
    const atLimit = await callTool(token, session, "weather_compare", { places: most });
    expect(atLimit.result.isError).toBeFalsy();
    expect(atLimit.result.structuredContent.failed).toBe(0);

    const tooMany = await callTool(token, session, "weather_compare", { places: [...most, "Paris"] });
    expect(tooMany.result.isError).toBe(true);
    expect(textOf(tooMany)).toContain(`at most ${WEATHER_LIMITS.maxComparePlaces} places per call`);
    const one = await callTool(token, session, "weather_compare", { places: ["Lisbon"] });
    expect(one.result.isError).toBe(true);
    expect(textOf(one)).toContain("at least 2 places");
  });
});
