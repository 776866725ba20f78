/**
 * Upstreams that hang, reset the connection or answer garbage: Open-Meteo (replaced at the network
 * edge, in both protocol eras) and a notification service (the real loopback receiver). Every case
 * must end in a clear tool error within the configured timeout: no hang, no 5xx, no crash reference.
 * (OpenID providers that misbehave are in test/e2e/identity-oidc.test.ts, against a real provider.)
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tokensFor } from "../helpers/grants";
import { modernTool } from "../helpers/modern";
import { callTool, openSession, textOf } from "../helpers/worker";
import { allowLoopback, newBox, receiverOrigin, script } from "../notify/helpers";
import {
  clearWeatherCache,
  FORECAST_HOST,
  hang,
  type Interception,
  interceptOpenMeteo,
  recorded,
  type UpstreamHandler,
} from "../toolkits/weather/upstream";

let token: string;
let session: string;
let upstream: Interception | undefined;
beforeAll(async () => {
  token = (await tokensFor("test:faults", ["weather:read", "notify:read", "notify:send", "notify:manage"]))
    .access_token;
  session = await openSession(token);
});
beforeEach(() => {
  (env as { WEATHER_TIMEOUT_MS?: string }).WEATHER_TIMEOUT_MS = "500";
});
afterEach(async () => {
  upstream?.restore();
  await clearWeatherCache(upstream?.calls ?? []);
  upstream = undefined;
  (env as { WEATHER_TIMEOUT_MS?: string }).WEATHER_TIMEOUT_MS = "5000";
});

/** A 200 whose body breaks off after a few bytes, as when the connection is reset mid-answer. */
const resetMidBody: UpstreamHandler = () =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"latitude":38.7,"current":{"tempera'));
        controller.error(new TypeError("Network connection lost."));
      },
    }),
    { status: 200, headers: { "Content-Type": "application/json" } },
  );

const FAULTS: Record<string, UpstreamHandler> = {
  hangs: (_url, init) => hang(init),
  "resets before answering": () => Promise.reject(new TypeError("Network connection lost.")),
  "resets in the middle of its answer": resetMidBody,
  "answers an HTML error page with 200": () =>
    new Response("<html><body>Bad gateway</body></html>", { status: 200, headers: { "Content-Type": "text/html" } }),
  "answers JSON of another shape": () => Response.json({ current: { temperature_2m: "hot" }, hourly: null }),
};

const ERAS = {
  "2025-era session": (args: Record<string, unknown>) => callTool(token, session, "weather_current", args),
  "2026-07-28 request": (args: Record<string, unknown>) => modernTool(token, "weather_current", args),
};

describe("Open-Meteo misbehaving", () => {
  for (const [fault, handler] of Object.entries(FAULTS)) {
    for (const [era, call] of Object.entries(ERAS)) {
      it(`${fault}: a clear weather error in a ${era}, within the timeout`, async () => {
        upstream = interceptOpenMeteo((url, init) =>
          url.hostname === FORECAST_HOST ? handler(url, init) : recorded(url, init),
        );
        const started = Date.now();
        const reply = await call({ place: "Lisbon" });
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(reply.result?.isError, JSON.stringify(reply)).toBe(true);
        expect(textOf(reply)).toMatch(/Open-Meteo/);
        expect(textOf(reply)).not.toContain("failed unexpectedly");
      });
    }
  }
});

describe("a notification service misbehaving (a real loopback receiver)", () => {
  beforeEach(() => allowLoopback(true));

  const CASES = [
    { fault: "resets the connection", answer: { status: 200, reset: true }, reason: /could not be reached/ },
    {
      fault: "answers a proxy's HTML error page",
      answer: { status: 502, headers: { "Content-Type": "text/html" }, body: "<html>bad gateway</html>" },
      reason: /502/,
    },
    {
      fault: "hangs past the 10-second attempt timeout",
      answer: { status: 200, delayMs: 12_000 },
      reason: /No answer within 10 seconds/,
    },
  ];
  for (const { fault, answer, reason } of CASES) {
    it(`${fault}: notify_channel_test reports the failure clearly, and the channel stays usable`, async () => {
      const box = newBox();
      const name = `faulty-${box.slice(-6)}`;
      const added = await callTool(token, session, "notify_channel_add", {
        service: "webhook",
        url: `${receiverOrigin()}/${box}`,
        name,
      });
      expect(added.result.isError, textOf(added)).toBeFalsy();
      await script(box, [answer]);
      const tested = await callTool(token, session, "notify_channel_test", { channel: name });
      // The test itself ran: its result reports the delivery as failed, with the service's reason.
      expect(textOf(tested)).toMatch(/failed after 1 attempt/);
      expect(textOf(tested)).toMatch(reason);
      expect(textOf(tested)).not.toContain("failed unexpectedly");
      const again = await callTool(token, session, "notify_channel_test", { channel: name });
      expect(textOf(again)).toMatch(/delivered/);
      await callTool(token, session, "notify_channel_remove", { channel: name });
    }, 30_000);
  }
});
