/**
 * `outpost doctor` against the real worker under `wrangler dev` (every check passes, signed in or
 * not) and against small connectors on 127.0.0.1 that each get one thing wrong the way deployed
 * connectors do (each must produce its finding and a failing exit status).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBearerChallenge } from "../../scripts/doctor/checks/challenge.mjs";
import { resourceCovers } from "../../scripts/doctor/checks/protected-resource.mjs";
import { resultCapFinding, toolFindings } from "../../scripts/doctor/checks/tools.mjs";
import { main, runDoctor } from "../../scripts/doctor/main.mjs";
import { runSummary } from "../../scripts/doctor/record-run.mjs";
import { formatText, redactor } from "../../scripts/doctor/report.mjs";
import { parseTarget } from "../../scripts/doctor/target.mjs";
import { type Fault, startBrokenConnector } from "./fixtures/broken-connector";
import { type DevServer, NODE, REPO_ROOT, startDevServer } from "./harness";
import { advertisedScopes, approveConsent, signIn } from "./oauth";

interface Finding {
  id: string;
  status: "pass" | "warn" | "fail" | "skip";
  title: string;
  detail?: string;
  fix?: string;
}

/** Run the doctor in-process with --json; the exit status, the findings and everything printed. */
async function doctor(args: string[]): Promise<{ code: number; checks: Finding[]; printed: string }> {
  let out = "";
  let err = "";
  const code = await main(
    [...args, "--json"],
    { write: (text: string) => (out += text) } as never,
    { write: (text: string) => (err += text) } as never,
  );
  const report = out ? (JSON.parse(out) as { checks: Finding[] }) : { checks: [] };
  return { code, checks: report.checks, printed: out + err };
}

/** The bin as an operator runs it: its exit status and all it printed. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [join(REPO_ROOT, "bin", "outpost.mjs"), "doctor", ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** Sign in to the console over plain HTTP as a browser with scripts off would, and read /account/status. */
async function consoleStatusPage(base: string, passphrase: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const page = await fetch(`${base}/account/sign-in`, { redirect: "manual" });
  keep(page);
  const form = /name="form" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const signedIn = await fetch(`${base}/account/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie(), Origin: base },
    body: new URLSearchParams({ form, method: "passphrase", passphrase, next: "/account/status" }),
  });
  expect(signedIn.status).toBe(303);
  keep(signedIn);
  const status = await fetch(`${base}/account/status`, { redirect: "manual", headers: { Cookie: cookie() } });
  expect(status.status).toBe(200);
  return status.text();
}

const failed = (checks: Finding[]) => checks.filter((check) => check.status === "fail");

describe("the doctor against wrangler dev", () => {
  let server: DevServer;
  let token: string;

  beforeAll(async () => {
    server = await startDevServer();
    const scopes = await advertisedScopes(server.url);
    token = (
      await signIn(server.url, {
        passphrase: server.passphrase,
        clientName: "doctor e2e",
        scope: [...scopes, "offline_access"].join(" "),
      })
    ).tokens.access_token;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("passes every check without a token (loopback is only a warning)", async () => {
    const { code, checks } = await doctor([server.url]);
    expect(failed(checks)).toEqual([]);
    expect(checks.filter((check) => check.status === "warn").map((check) => check.id)).toEqual(["tls.https"]);
    expect(checks.find((check) => check.id === "signin")?.status).toBe("pass");
    expect(checks.find((check) => check.id === "edge.mcp")?.status).toBe("pass");
    expect(code).toBe(0);
  });

  it("passes both eras, every tool and the cap with a token given on the command line, and never prints it", async () => {
    const { code, output } = await runCli([`${server.url}/mcp`, "--token", token]);
    expect(output).not.toContain(token);
    expect(output).not.toMatch(/^FAIL/m);
    for (const line of [
      "2025 era: initialize, tools/list, DELETE",
      "2026-07-28 era: server/discover, tools/list, no session",
      "Tool annotations",
      "Tool result cap",
      "Latency of a cheap call",
    ]) {
      expect(output).toMatch(new RegExp(`^PASS  ${line.replace(/[()]/g, "\\$&")}`, "m"));
    }
    expect(code).toBe(0);
  });

  it("takes the token from OUTPOST_TOKEN and reports every signed-in check as passed in JSON", async () => {
    const { code, output } = await runCli([server.url, "--json", "--no-register"], { OUTPOST_TOKEN: token });
    expect(output).not.toContain(token);
    const report = JSON.parse(output) as { ok: boolean; checks: Finding[] };
    expect(report.ok).toBe(true);
    expect(report.checks.find((check) => check.id === "era.2026")?.status).toBe("pass");
    expect(report.checks.find((check) => check.id === "register")?.status).toBe("skip");
    expect(code).toBe(0);
  });

  it("signs in through a loopback redirect as Claude Code does, then passes the signed-in checks", async () => {
    const secrets: string[] = [];
    const opened: string[] = [];
    const { target, findings } = await runDoctor({
      url: server.url,
      signIn: true,
      register: false,
      secrets,
      // The person in the browser: approve the consent page; the browser follows the redirect to the loopback callback.
      openBrowser: async (url: string) => {
        opened.push(url);
        const { location } = await approveConsent(url, { passphrase: server.passphrase });
        await fetch(location);
      },
    });
    const checks = findings as Finding[];
    expect(failed(checks)).toEqual([]);
    expect(checks.find((check) => check.id === "signin.loopback")?.detail).toMatch(/with a refresh token/);
    expect(checks.find((check) => check.id === "era.2026")?.status).toBe("pass");
    const authorize = new URL(opened[0] ?? "");
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(secrets.length).toBe(2);
    const printed = formatText(target.endpoint, findings, redactor(secrets));
    for (const secret of secrets) expect(printed).not.toContain(secret);
  });

  it("records a run with --report, and the console's status page shows it", async () => {
    const { code, output } = await runCli([server.url, "--report", "--no-register"], {
      OUTPOST_PASSPHRASE: server.passphrase,
    });
    expect(output).not.toContain(server.passphrase);
    expect(output).toContain(`Recorded this run: ${server.url}/account/status`);
    expect(code).toBe(0);

    const html = await consoleStatusPage(server.url, server.passphrase);
    expect(html).toContain('<span class="outcome-ok">Passed</span>: 0 failed, 1 warning,');
    expect(html).toContain(`<code>${server.url}/mcp</code>`);
    // The checks that did not pass, by title: loopback's HTTPS warning and the two skipped ones.
    expect(html).toMatch(/warning<\/span> HTTPS/);
    expect(html).toContain("Signed-in checks");
    expect(html).not.toContain(server.passphrase);
  });

  it("does not record a run with a wrong passphrase, says so, and exits 1", async () => {
    const { code, output } = await runCli([server.url, "--report", "--no-register", "--json"], {
      OUTPOST_PASSPHRASE: "not-the-owner-passphrase",
    });
    expect(output).toContain("Run not recorded: wrong owner passphrase.");
    expect(output).not.toContain("not-the-owner-passphrase");
    expect(code).toBe(1);
  });

  it("fails a refused token with what to do, exit 1", async () => {
    const { code, checks, printed } = await doctor([
      server.url,
      "--token",
      "not-a-real-token-0123456789",
      "--no-register",
    ]);
    const era = checks.find((check) => check.id === "era.2026");
    expect(era?.status).toBe("fail");
    expect(era?.fix).toMatch(/fresh one/);
    expect(printed).not.toContain("not-a-real-token-0123456789");
    expect(code).toBe(1);
  });
});

describe("the doctor against a server without OWNER_PASSPHRASE", () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer({ secrets: { OWNER_PASSPHRASE: "" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("finds that sign-in cannot work and names the secret", async () => {
    const { code, checks } = await doctor([server.url]);
    expect(failed(checks).map((check) => check.id)).toEqual(["signin"]);
    const signin = checks.find((check) => check.id === "signin");
    expect(signin?.detail).toMatch(/^503: This connector has no owner passphrase yet/);
    expect(signin?.fix).toMatch(/wrangler secret put OWNER_PASSPHRASE/);
    expect(code).toBe(1);
  });
});

describe("the doctor's --report", () => {
  it("refuses to send the passphrase over plain HTTP to anything but loopback, before any check", async () => {
    const { code, printed } = await doctor(["http://outpost.example.com", "--report"]);
    expect(printed).toContain("only over HTTPS (or to localhost)");
    expect(code).toBe(2);
  });

  it("sends only the checks that did not pass, without details or fixes, redacted and inside the server's limits", () => {
    const target = parseTarget("https://outpost.example.com");
    const redact = redactor(["s3cret-token"]);
    const findings = [
      { id: "a", status: "pass", title: "Fine", detail: "ok" },
      { id: "b", status: "fail", title: "Echoes s3cret-token", detail: "s3cret-token in body", fix: "stop" },
      { id: "c", status: "warn", title: "t".repeat(500), detail: "", fix: "shorten" },
      ...Array.from({ length: 300 }, (_, i) => ({ id: `skip.${i}`, status: "skip", title: "x".repeat(150) })),
    ];
    const body = runSummary(target, findings, redact);
    expect(body.summary).toEqual({ pass: 1, warn: 1, fail: 1, skip: 300 });
    expect(body.target).toBe("https://outpost.example.com/mcp");
    expect(body.checks[0]).toEqual({ id: "b", status: "fail", title: "Echoes [redacted]" });
    expect(body.checks[1]?.title).toHaveLength(200);
    expect(body.checks.length).toBeLessThanOrEqual(200);
    expect(new TextEncoder().encode(JSON.stringify(body)).byteLength).toBeLessThanOrEqual(16 * 1024);
    expect(JSON.stringify(body)).not.toMatch(/s3cret|shorten|"detail"|"fix"/);
  });
});

describe("the doctor against broken connectors", () => {
  it("passes the fake connector with nothing broken (so each fault below is what fails)", async () => {
    const connector = await startBrokenConnector();
    try {
      const { code, checks } = await doctor([connector.url]);
      expect(failed(checks)).toEqual([]);
      expect(code).toBe(0);
    } finally {
      await connector.close();
    }
  });

  const cases: { fault: Fault; id: string; detail: RegExp; fix: RegExp }[] = [
    {
      fault: "relative-resource-metadata",
      id: "challenge.mcp",
      detail: /resource_metadata is relative/,
      fix: /Make it absolute: resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource"/,
    },
    {
      fault: "wrong-issuer",
      id: "as.issuer",
      detail: /metadata says "https:\/\/auth\.example\.com"/,
      fix: /Make `issuer` exactly http:\/\/127\.0\.0\.1:\d+/,
    },
    {
      fault: "blocked-claude-user-agent",
      id: "edge.mcp",
      detail:
        /blocked before the Worker: 403 for Claude-User \(401 otherwise\), given away by cf-mitigated: challenge, a Cloudflare challenge page/,
      fix: /Block AI bots/,
    },
    { fault: "no-s256", id: "as.pkce", detail: /code_challenge_methods_supported is \[plain\]/, fix: /S256/ },
    {
      fault: "cors-preflight",
      id: "cors.preflight",
      detail: /answered 405/,
      fix: /Access-Control-Allow-Headers: Authorization/,
    },
    {
      fault: "cloudflare-access",
      id: "challenge.mcp",
      detail: /answered 302: Cloudflare Access redirects/,
      fix: /Bypass policy for \/mcp/,
    },
  ];
  for (const { fault, id, detail, fix } of cases) {
    it(`finds ${fault}`, async () => {
      const connector = await startBrokenConnector([fault]);
      try {
        const { code, checks } = await doctor([connector.url]);
        const finding = checks.find((check) => check.id === id);
        expect(finding?.status, JSON.stringify(finding)).toBe("fail");
        expect(finding?.detail).toMatch(detail);
        expect(finding?.fix).toMatch(fix);
        expect(code).toBe(1);
      } finally {
        await connector.close();
      }
    });
  }

  it("never prints a token, even one the server echoes back", async () => {
    const connector = await startBrokenConnector(["echo-authorization"]);
    const secret = "sk-live-3f9a1c0de7b24e6f8a5d";
    try {
      const text = await runCli([connector.url, "--token", secret]);
      const json = await doctor([connector.url, "--token", secret]);
      expect(text.output).toMatch(/^FAIL {2}2025 era/m);
      expect(text.output).not.toContain(secret);
      expect(json.printed).not.toContain(secret);
      expect(text.code).toBe(1);
    } finally {
      await connector.close();
    }
  });

  it("refuses what is not a URL with usage, exit 2", async () => {
    const { code, output } = await runCli(["not a url"]);
    expect(output).toMatch(/Not an http\(s\) URL/);
    expect(code).toBe(2);
  });
});

describe("the doctor's judgements", () => {
  const good = {
    name: "notes_get",
    title: "Get a note",
    description: "Read one note by id.",
    inputSchema: { type: "object", properties: { id: { type: "string" } } },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  };
  const byId = (findings: Finding[]) => Object.fromEntries(findings.map((finding) => [finding.id, finding]));

  it("passes well-formed tools", () => {
    expect((toolFindings([good]) as Finding[]).every((finding) => finding.status === "pass")).toBe(true);
  });

  it("names each tool that lacks a title, a hint, a valid name, a description or an object schema", () => {
    const { title: _title, ...untitled } = good;
    const findings = byId(
      toolFindings([
        { ...untitled, name: "untitled" },
        { ...good, name: "half_annotated", annotations: { readOnlyHint: true } },
        { ...good, name: "has space" },
        { ...good, name: "silent", description: " " },
        { ...good, name: "no_schema", inputSchema: null },
      ]) as Finding[],
    );
    expect(findings["tools.titles"]).toMatchObject({ status: "fail", detail: "no title: untitled" });
    expect(findings["tools.annotations"]).toMatchObject({ status: "fail", detail: "incomplete hints: half_annotated" });
    expect(findings["tools.names"]).toMatchObject({ status: "fail", detail: "invalid: has space" });
    expect(findings["tools.descriptions"]).toMatchObject({ status: "fail", detail: "none: silent" });
    expect(findings["tools.schemas"]).toMatchObject({
      status: "fail",
      detail: "inputSchema not an object schema: no_schema",
    });
  });

  it("holds the declared result cap to Claude Code's 25,000 tokens", () => {
    expect(resultCapFinding(25_000).status).toBe("pass");
    expect(resultCapFinding(25_001)).toMatchObject({
      status: "fail",
      fix: expect.stringMatching(/TOOL_OUTPUT_MAX_TOKENS/),
    });
    expect(resultCapFinding(undefined).status).toBe("warn");
  });
});

describe("the doctor's parsers", () => {
  it("reads the URL an operator types", () => {
    expect(parseTarget("https://h.example")).toMatchObject({
      endpoint: "https://h.example/mcp",
      sse: "https://h.example/sse",
      https: true,
      loopback: false,
    });
    expect(parseTarget("https://h.example/sse/")).toMatchObject({
      endpoint: "https://h.example/sse",
      mcp: "https://h.example/mcp",
    });
    expect(parseTarget("http://127.0.0.2:8787/mcp")).toMatchObject({ loopback: true, https: false });
    expect(parseTarget("ftp://h.example")).toBeUndefined();
    expect(parseTarget("h.example")).toBeUndefined();
  });

  it("reads Bearer challenges, quoted and not", () => {
    expect(
      parseBearerChallenge(
        'Bearer realm="OAuth", resource_metadata="https://h/.well-known/oauth-protected-resource", scope="a b"',
      ),
    ).toEqual({
      realm: "OAuth",
      resource_metadata: "https://h/.well-known/oauth-protected-resource",
      scope: "a b",
    });
    expect(parseBearerChallenge("Bearer error=invalid_token")).toEqual({ error: "invalid_token" });
    expect(parseBearerChallenge("Basic realm=x")).toBeUndefined();
    expect(parseBearerChallenge(null)).toBeUndefined();
  });

  it("accepts a resource at or above the endpoint on the same origin only", () => {
    expect(resourceCovers("https://h", "https://h/mcp")).toBe(true);
    expect(resourceCovers("https://h/mcp", "https://h/mcp")).toBe(true);
    expect(resourceCovers("https://h/mc", "https://h/mcp")).toBe(false);
    expect(resourceCovers("https://other", "https://h/mcp")).toBe(false);
    expect(resourceCovers("http://h", "https://h/mcp")).toBe(false);
  });

  it("redacts given secrets and bearer tokens but keeps a challenge readable", () => {
    const redact = redactor(["s3cret-value"]);
    expect(redact("got s3cret-value back")).toBe("got [redacted] back");
    expect(redact("Authorization: Bearer eyJhbGciOi.abc-def_ghi==")).toBe("Authorization: Bearer [redacted]");
    expect(redact('{"access_token":"abcd1234efgh"}')).toBe('{"access_token":"[redacted]"}');
    expect(redact('Bearer resource_metadata="https://h/x"')).toBe('Bearer resource_metadata="https://h/x"');
  });
});
