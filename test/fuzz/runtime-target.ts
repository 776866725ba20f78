/**
 * The fuzz target inside workerd: the worker's own `fetch`, a user signed in through the real
 * consent flow, a live 2025-era session, the worker's log lines captured from `console`, and every
 * outbound request answered at the network edge (Open-Meteo from the recorded fixtures, anything
 * else a quick 404) so a generated URL never leaves the machine.
 */
import { env, exports } from "cloudflare:workers";
import { inject, vi } from "vitest";
import { ORIGIN, send, signIn } from "../helpers/worker";
import { interceptOpenMeteo, json, recorded } from "../toolkits/weather/upstream";
import { openSession } from "./catalog";
import type { FuzzTarget } from "./target";

export interface RuntimeTarget extends FuzzTarget {
  close(): void;
}

export async function runtimeTarget(): Promise<RuntimeTarget> {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === "string" ? arg : safeString(arg))).join(" "));
  };
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation(capture),
  );
  const openMeteo = interceptOpenMeteo(async (url, init) => {
    try {
      return await recorded(url, init);
    } catch {
      return json({ error: true, reason: "No fixture for this request" }, 400);
    }
  });
  const withOpenMeteo = globalThis.fetch;
  const receiver = `127.0.0.1:${inject("notifyReceiverPort")}`;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    // The notify receiver runs on loopback; Open-Meteo is answered above; the rest of the internet is not here.
    if (url.host === receiver || url.hostname.endsWith("open-meteo.com")) return withOpenMeteo(input, init);
    return json({ error: "not_found" }, 404);
  }) as typeof fetch;

  const { client, tokens } = await signIn();
  const sessionId = await openSession({ fetch: send }, tokens.access_token);
  lines.length = 0;
  return {
    // Joined, not resolved: a path such as "//x" must reach the worker as a path, not as a host.
    fetch: (path, init) => exports.default.fetch(new Request(`${ORIGIN}${path}`, init)),
    origin: ORIGIN,
    token: tokens.access_token,
    sessionId,
    client,
    secrets: [
      env.OWNER_PASSPHRASE ?? "",
      env.NOTIFY_ENCRYPTION_KEY ?? "",
      tokens.access_token,
      tokens.refresh_token ?? "",
    ].filter(Boolean),
    drainLogs: async () => lines.splice(0),
    close: () => {
      globalThis.fetch = withOpenMeteo;
      openMeteo.restore();
      for (const spy of spies) spy.mockRestore();
    },
  };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
