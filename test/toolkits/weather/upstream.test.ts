import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { WEATHER_LIMITS } from "../../../src/toolkits/weather/settings";
import { callTool, openSession, signIn, textOf } from "../../helpers/worker";
import {
  clearWeatherCache,
  FORECAST_HOST,
  GEOCODING_HOST,
  hang,
  type Interception,
  interceptOpenMeteo,
  json,
  recorded,
  type UpstreamHandler,
} from "./upstream";

let token: string;
let upstream: Interception | undefined;
beforeAll(async () => {
  token = (await signIn({ requestScope: "weather:read", scopes: ["weather:read"] })).tokens.access_token;
});
afterEach(async () => {
  upstream?.restore();
  await clearWeatherCache(upstream?.calls ?? []);
  upstream = undefined;
  (env as { WEATHER_TIMEOUT_MS?: string }).WEATHER_TIMEOUT_MS = "5000";
});

/** Forecast requests go to `forecast`; place searches get the recorded answers. */
function forecastBy(forecast: UpstreamHandler): Interception {
  return interceptOpenMeteo((url, init) =>
    url.hostname === FORECAST_HOST ? forecast(url, init) : recorded(url, init),
  );
}

async function currentIn(place = "Lisbon") {
  const session = await openSession(token);
  return callTool(token, session, "weather_current", { place });
}

describe("Open-Meteo calls", () => {
  it("serve a repeated place and units from the edge cache, across sessions", async () => {
    upstream = interceptOpenMeteo();
    expect((await currentIn()).result.isError).toBeFalsy();
    expect((await currentIn()).result.isError).toBeFalsy();
    expect(upstream.count(GEOCODING_HOST)).toBe(1);
    expect(upstream.count(FORECAST_HOST)).toBe(1);

    // Other units are another entry.
    const session = await openSession(token);
    await callTool(token, session, "weather_current", { place: "Lisbon", units: "imperial" });
    expect(upstream.count(FORECAST_HOST)).toBe(2);
  });

  it("retry once after a 5xx and succeed", async () => {
    let failures = 1;
    upstream = forecastBy((url, init) =>
      failures-- > 0 ? json({ error: true, reason: "overloaded" }, 503) : recorded(url, init),
    );
    const reply = await currentIn();
    expect(reply.result.isError).toBeFalsy();
    expect(upstream.count(FORECAST_HOST)).toBe(2);
  });

  it("give up after the retry fails too, saying the fault is upstream and retrying later may help", async () => {
    upstream = forecastBy(() => json({ error: true, reason: "bad gateway" }, 502));
    const reply = await currentIn();
    expect(reply.result.isError).toBe(true);
    expect(textOf(reply)).toBe(
      "Open-Meteo's forecast service failed twice in a row (HTTP 502). The problem is on Open-Meteo's side: try again in a few minutes.",
    );
    expect(upstream.count(FORECAST_HOST)).toBe(2);
  });

  it("do not retry a refused request, and pass on Open-Meteo's reason", async () => {
    upstream = forecastBy(() =>
      json({ error: true, reason: "Cannot initialize WeatherVariable from invalid String value" }, 400),
    );
    const reply = await currentIn();
    expect(textOf(reply)).toBe(
      "Open-Meteo refused the forecast request (HTTP 400: Cannot initialize WeatherVariable from invalid String value). Retrying the same request will not help.",
    );
    expect(upstream.count(FORECAST_HOST)).toBe(1);
  });

  it("report a rate limit as a reason to wait", async () => {
    upstream = forecastBy(() => json({ error: true, reason: "Minutely API request limit exceeded" }, 429));
    expect(textOf(await currentIn())).toContain("rate limit was reached (HTTP 429). Wait a minute");
  });

  it("time out after WEATHER_TIMEOUT_MS without retrying", async () => {
    (env as { WEATHER_TIMEOUT_MS?: string }).WEATHER_TIMEOUT_MS = "300";
    upstream = forecastBy((_url, init) => hang(init));
    const reply = await currentIn();
    expect(reply.result.isError).toBe(true);
    expect(textOf(reply)).toBe(
      "Open-Meteo's forecast service did not answer within 0.3 s. It may be slow or down: retrying in a minute may help.",
    );
    expect(upstream.count(FORECAST_HOST)).toBe(1);
  });

  it("end in a clear error when there is no network", async () => {
    upstream = interceptOpenMeteo(() => {
      throw new TypeError("Network connection lost.");
    });
    const reply = await currentIn();
    expect(reply.result.isError).toBe(true);
    expect(textOf(reply)).toBe(
      "Could not reach Open-Meteo's place search (geocoding) service (Network connection lost.). The network may be down or this " +
        "server may have no internet access; retrying in a few minutes may help.",
    );
    expect(upstream.calls).toHaveLength(1);
  });

  it("refuse a response over the size cap, declared or streamed", async () => {
    const oversized = "x".repeat(WEATHER_LIMITS.maxResponseBytes + 1);
    upstream = forecastBy(() => new Response(oversized, { headers: { "Content-Length": String(oversized.length) } }));
    expect(textOf(await currentIn())).toContain(`sent more than ${WEATHER_LIMITS.maxResponseBytes / 1024} KiB`);
    upstream.restore();

    // Without a Content-Length the bytes are counted as they arrive.
    upstream = forecastBy(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (let i = 0; i < 5; i++)
                controller.enqueue(new TextEncoder().encode("y".repeat(WEATHER_LIMITS.maxResponseBytes / 4)));
              controller.close();
            },
          }),
        ),
    );
    expect(textOf(await currentIn())).toContain(`sent more than ${WEATHER_LIMITS.maxResponseBytes / 1024} KiB`);
  });

  it("refuse a body that is not the documented JSON, and do not cache it", async () => {
    upstream = forecastBy(() => new Response("<html>Service Unavailable</html>", { status: 200 }));
    expect(textOf(await currentIn())).toContain("sent a response that is not JSON");
    upstream.restore();

    upstream = forecastBy(() => json({ latitude: 38.72 }));
    expect(textOf(await currentIn())).toContain("forecast service sent a response in an unexpected shape");
    expect(textOf(await currentIn())).toContain("unexpected shape");
    expect(upstream.count(FORECAST_HOST)).toBe(2);
  });
});
