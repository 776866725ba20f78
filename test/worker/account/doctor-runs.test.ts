/**
 * `/account/api/doctor-runs` and the status page's last doctor run, through the real worker with real
 * KV and the real sign-in throttle: the owner passphrase, each limit at its edge, the last runs kept,
 * and titles escaped on the page.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../../src/index";
import { ago } from "../../../src/web/account/status-page";
import { DOCTOR_RUN_LIMITS } from "../../../src/worker/account/doctor-runs";
import { consoleFetch, consoleSignIn } from "../../helpers/console";
import { PASSPHRASE } from "../../helpers/worker";

const API = "/account/api/doctor-runs";

function basic(passphrase: string): string {
  const bytes = new TextEncoder().encode(`owner:${passphrase}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function api(
  method: string,
  options: { body?: unknown; passphrase?: string | null; ip?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.passphrase !== null) headers.Authorization = basic(options.passphrase ?? PASSPHRASE);
  if (options.ip) headers["CF-Connecting-IP"] = options.ip;
  if (options.body !== undefined) headers["Content-Type"] ??= "application/json";
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === "string"
        ? options.body
        : JSON.stringify(options.body);
  return worker.fetch(new Request(`http://localhost${API}`, { method, headers, body }), env, createExecutionContext());
}

type Check = { id: string; status: string; title: string };

function run(overrides: Record<string, unknown> = {}) {
  return {
    doctor_version: "0.1.0",
    target: "https://outpost.example.com/mcp",
    summary: { pass: 20, warn: 1, fail: 1, skip: 0 },
    checks: [
      { id: "cors.preflight", status: "fail", title: "CORS preflight for claude.ai" },
      { id: "tls.https", status: "warn", title: "HTTPS" },
    ] as Check[],
    ...overrides,
  };
}

interface Listed {
  runs: { received_at: string; target: string; doctor_version: string; summary: unknown; checks: Check[] }[];
}

async function listed(): Promise<Listed["runs"]> {
  const response = await api("GET");
  expect(response.status).toBe(200);
  return ((await response.json()) as Listed).runs;
}

async function problem(response: Response): Promise<{ error: string; error_description: string }> {
  return (await response.json()) as { error: string; error_description: string };
}

describe("/account/api/doctor-runs", () => {
  beforeEach(async () => {
    await env.OAUTH_KV.delete("doctor-runs:recent");
  });

  it("needs the owner passphrase, for reading as for writing, and echoes none of it", async () => {
    for (const method of ["GET", "POST"]) {
      const response = await api(method, { passphrase: null, ...(method === "POST" ? { body: run() } : {}) });
      expect(response.status).toBe(401);
      expect(response.headers.get("WWW-Authenticate")).toMatch(/^Basic /);
    }
    const wrong = await api("POST", { body: run(), passphrase: "not the passphrase", ip: "203.0.113.90" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("not the passphrase");
    expect(await listed()).toEqual([]);
  });

  it("records a run and lists it with the time it was received, never echoing the passphrase", async () => {
    const before = Date.now();
    const response = await api("POST", { body: run() });
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = await response.text();
    expect(text).not.toContain(PASSPHRASE);
    const created = JSON.parse(text) as { status_page: string; run: Listed["runs"][number] };
    expect(created.status_page).toBe("http://localhost/account/status");
    const [only, ...rest] = await listed();
    expect(rest).toEqual([]);
    expect(only).toEqual(created.run);
    expect(only?.target).toBe("https://outpost.example.com/mcp");
    expect(only?.checks.map((check) => check.id)).toEqual(["cors.preflight", "tls.https"]);
    expect(Date.parse(only?.received_at ?? "")).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });

  it(`keeps the last ${DOCTOR_RUN_LIMITS.kept} runs, newest first`, async () => {
    for (let i = 0; i < DOCTOR_RUN_LIMITS.kept + 2; i++) {
      const response = await api("POST", { body: run({ target: `https://run-${i}.example.com` }) });
      expect(response.status).toBe(201);
    }
    const runs = await listed();
    expect(runs.map((stored) => stored.target)).toEqual(
      Array.from(
        { length: DOCTOR_RUN_LIMITS.kept },
        (_, i) => `https://run-${DOCTOR_RUN_LIMITS.kept + 1 - i}.example.com`,
      ),
    );
  });

  it(`takes a body of at most ${DOCTOR_RUN_LIMITS.maxBodyBytes} bytes`, async () => {
    const padded = (size: number) => {
      const base = JSON.stringify(run({ doctor_version: "" }));
      return JSON.stringify(run({ doctor_version: "" })).replace(
        '"doctor_version":""',
        `"doctor_version":"1"${" ".repeat(size - base.length - 1)}`,
      );
    };
    expect(padded(DOCTOR_RUN_LIMITS.maxBodyBytes).length).toBe(DOCTOR_RUN_LIMITS.maxBodyBytes);
    expect((await api("POST", { body: padded(DOCTOR_RUN_LIMITS.maxBodyBytes) })).status).toBe(201);
    const over = await api("POST", { body: padded(DOCTOR_RUN_LIMITS.maxBodyBytes + 1) });
    expect(over.status).toBe(413);
    expect((await problem(over)).error_description).toContain(`${DOCTOR_RUN_LIMITS.maxBodyBytes} bytes`);
    expect(await listed()).toHaveLength(1);
  });

  it("takes titles and check lists up to their limits, and names the field past them", async () => {
    const check = (title: string): Check => ({ id: "x", status: "skip", title });
    const atLimit = await api("POST", {
      body: run({ checks: [check("t".repeat(DOCTOR_RUN_LIMITS.maxTitleChars))] }),
    });
    expect(atLimit.status).toBe(201);
    const longTitle = await api("POST", {
      body: run({ checks: [check("t".repeat(DOCTOR_RUN_LIMITS.maxTitleChars + 1))] }),
    });
    expect(longTitle.status).toBe(400);
    expect((await problem(longTitle)).error_description).toContain("checks[0].title");
    const many = (count: number) => run({ checks: Array.from({ length: count }, () => check("t")) });
    expect((await api("POST", { body: many(DOCTOR_RUN_LIMITS.maxChecks) })).status).toBe(201);
    const tooMany = await api("POST", { body: many(DOCTOR_RUN_LIMITS.maxChecks + 1) });
    expect(tooMany.status).toBe(400);
    expect((await problem(tooMany)).error_description).toContain(`at most ${DOCTOR_RUN_LIMITS.maxChecks}`);
  });

  it.each([
    ["not JSON", "{", "not valid JSON"],
    ["an array", [], "JSON object"],
    ["no version", run({ doctor_version: undefined }), "doctor_version"],
    ["a target that is not a URL", run({ target: "javascript:alert(1)" }), "target"],
    ["a negative count", run({ summary: { pass: -1, warn: 0, fail: 0, skip: 0 } }), "summary.pass"],
    ["a fractional count", run({ summary: { pass: 1, warn: 0.5, fail: 0, skip: 0 } }), "summary.warn"],
    ["an unknown status", run({ checks: [{ id: "a", status: "ok", title: "A" }] }), "checks[0].status"],
    ["an empty id", run({ checks: [{ id: "", status: "fail", title: "A" }] }), "checks[0].id"],
  ])("refuses %s with 400 naming the fault", async (_, body, words) => {
    const response = await api("POST", { body });
    expect(response.status).toBe(400);
    expect(await problem(response)).toMatchObject({ error: "invalid_request" });
    expect((await problem(await api("POST", { body }))).error_description).toContain(words);
  });

  it("takes JSON only, from no browser but this server's own pages, and answers 405 otherwise", async () => {
    const form = await api("POST", { body: "a=b", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    const foreign = await api("POST", { body: run(), headers: { Origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const put = await api("PUT", { body: run() });
    expect(put.status).toBe(405);
    expect(put.headers.get("Allow")).toBe("GET, POST");
  });

  it("is throttled like the clients API: the fifth wrong passphrase locks the address", async () => {
    const ip = "203.0.113.91";
    for (let i = 0; i < 4; i++) expect((await api("POST", { body: run(), passphrase: "wrong", ip })).status).toBe(401);
    expect((await api("POST", { body: run(), passphrase: "wrong", ip })).status).toBe(429);
    const locked = await api("POST", { body: run(), ip });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await listed()).toEqual([]);
  });
});

describe("the status page's last doctor run", () => {
  beforeEach(async () => {
    await env.OAUTH_KV.delete("doctor-runs:recent");
  });

  it("says how to record one when there is none", async () => {
    const browser = await consoleSignIn(undefined, "198.51.100.70");
    const html = await (await consoleFetch(browser, "/account/status")).text();
    expect(html).toContain("<h2>Last doctor run</h2>");
    expect(html).toContain("Run <code>npx outpost doctor http://localhost --report</code> to record one.");
  });

  it("shows the newest run: when, its result, and each check that did not pass, escaped", async () => {
    await api("POST", { body: run({ target: "https://older.example.com" }) });
    const hostile = '<script>alert("x")</script>&';
    const response = await api("POST", {
      body: run({
        target: "https://newest.example.com/mcp",
        summary: { pass: 18, warn: 1, fail: 1, skip: 1 },
        checks: [
          { id: "edge.mcp", status: "fail", title: hostile },
          { id: "tls.https", status: "warn", title: "HTTPS" },
          { id: "token", status: "skip", title: "Signed-in checks" },
        ],
      }),
    });
    const received = ((await response.json()) as { run: { received_at: string } }).run.received_at;
    const browser = await consoleSignIn(undefined, "198.51.100.71");
    const html = await (await consoleFetch(browser, "/account/status")).text();
    expect(html).toContain('<span class="outcome-error">Failed</span>: 1 failed, 1 warning, 18 passed, 1 skipped.');
    expect(html).toContain("Just now");
    expect(html).toContain(`${received.slice(0, 16).replace("T", " ")} UTC`);
    expect(html).toContain("<code>https://newest.example.com/mcp</code>");
    expect(html).not.toContain("older.example.com");
    expect(html).not.toContain(hostile);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;");
    expect(html).toContain("HTTPS");
    expect(html).toContain("Signed-in checks");
    expect(html).not.toContain(PASSPHRASE);
  });
});

describe("how long ago a run was, at its edges", () => {
  const now = Date.UTC(2026, 10, 26, 12, 0, 0);
  it.each([
    [0, "Just now"],
    [59_999, "Just now"],
    [-5_000, "Just now"],
    [60_000, "1 minute ago"],
    [59 * 60_000 + 59_999, "59 minutes ago"],
    [60 * 60_000, "1 hour ago"],
    [48 * 60 * 60_000 - 1, "47 hours ago"],
    [48 * 60 * 60_000, "2 days ago"],
  ])("%i ms before now reads %s", (before, text) => {
    expect(ago(now - before, now)).toBe(text);
  });
});
