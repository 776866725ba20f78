/**
 * Structured logs carry no tokens, secrets or user content (docs/metrics.md). Every line goes
 * through `logEvent` (src/lib/log.ts), so every call in src/ is read here and its fields held to a
 * list of names known to carry only names, outcomes, counts and timings. A new field has to be
 * added below on purpose, with what it holds.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./harness";

/** Each allowed field and what it holds. */
const ALLOWED_FIELDS: Record<string, string> = {
  tool: "a tool name from the definitions",
  outcome: "ok, user_error, denied, failed, or a delivery outcome kind",
  ms: "a duration",
  delayMs: "a retry delay",
  idleSeconds: "a duration",
  reference: "a random 8-character reference",
  error: "an exception's name and message (see docs/metrics.md for the caveat)",
  name: "an exception's name or a value's type",
  path: "the request path (no query string)",
  method: "an HTTP method or a sign-in method",
  kind: "a fixed category",
  category: "a fixed category",
  reason: "a fixed reason",
  code: "an OAuth error code",
  status: "an HTTP status",
  service: "a notification service name (ntfy, slack, …), never the channel URL",
  attempt: "a count",
  retryAfter: "seconds",
  grantsPurged: "a count",
  tokensPurged: "a count",
  done: "a boolean",
  level: "a log level",
  header: "an MCP protocol version from the supported list",
  envelope: "an MCP protocol version from the supported list",
  transport: "streamable-http, sse or rpc",
  console: "a boolean: the event came from the owner's console",
  cancelled: "a count",
};

/** Names that suggest a credential or user content: never allowed, whatever the list above says. */
const FORBIDDEN =
  /token(?!sPurged)|secret|passphrase|password|cookie|auth|arg|param|content|text|body|message|note|url|uri|email|user|display|query|value/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The text between the parenthesis that opens at `start` and its match. */
function balanced(text: string, start: number, open = "(", close = ")"): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return text.slice(start + 1, i);
  }
  throw new Error(`unbalanced ${open} at ${start}`);
}

/** Top-level entries of an object literal's body, split on commas outside any bracket or string. */
function entries(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = "";
  for (const char of body) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'" || char === "`") quote = char;
    else if ("([{".includes(char)) depth++;
    else if (")]}".includes(char)) depth--;
    else if (char === "," && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
}

interface LogCall {
  where: string;
  event: string;
  fields: string[];
}

function logCalls(): LogCall[] {
  const calls: LogCall[] = [];
  for (const file of sourceFiles(join(REPO_ROOT, "src"))) {
    if (file.endsWith(join("lib", "log.ts"))) continue;
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\blogEvent\(/g)) {
      const where = `${relative(REPO_ROOT, file)}:${text.slice(0, match.index).split("\n").length}`;
      const args = balanced(text, match.index + "logEvent".length);
      const event = /^\s*"([a-z_]+)"\s*,/.exec(args)?.[1];
      const objectStart = args.indexOf("{");
      if (!event || objectStart < 0)
        throw new Error(`${where}: logEvent needs a literal event name and an object literal`);
      const fields = entries(balanced(args, objectStart, "{", "}")).map((entry) => {
        if (entry.startsWith("...")) throw new Error(`${where}: a spread in a log line can carry anything`);
        return entry.split(":")[0]?.trim() ?? "";
      });
      calls.push({ where, event, fields });
    }
  }
  return calls;
}

describe("structured log lines", () => {
  const calls = logCalls();

  it("finds the log calls (the reader works)", () => {
    expect(calls.length).toBeGreaterThanOrEqual(20);
    expect(calls.map((call) => call.event)).toEqual(
      expect.arrayContaining(["tool_call", "tool_crash", "oauth_error", "metrics_write_failed"]),
    );
    expect(calls.find((call) => call.event === "tool_call")?.fields).toEqual(["tool", "outcome", "ms"]);
  });

  it("use only fields known to carry no credential or user content", () => {
    const unknown = calls.flatMap((call) =>
      call.fields.filter((field) => !(field in ALLOWED_FIELDS)).map((field) => `${call.where} ${call.event}.${field}`),
    );
    expect(unknown).toEqual([]);
    expect(Object.keys(ALLOWED_FIELDS).filter((field) => FORBIDDEN.test(field))).toEqual([]);
  });

  it("go through logEvent only: no console output elsewhere in src/", () => {
    const direct = sourceFiles(join(REPO_ROOT, "src"))
      .filter((file) => !file.endsWith(join("lib", "log.ts")))
      .filter((file) => /\bconsole\.(log|info|warn|error|debug)\(/.test(readFileSync(file, "utf8")))
      .map((file) => relative(REPO_ROOT, file));
    expect(direct).toEqual([]);
  });

  it("the reader splits fields as TypeScript does, and the forbidden names catch credentials", () => {
    expect(entries('a: f(1, 2), b, c: "x,y", d: { e: 1, f: 2 }')).toEqual([
      "a: f(1, 2)",
      "b",
      'c: "x,y"',
      "d: { e: 1, f: 2 }",
    ]);
    expect(FORBIDDEN.test("accessToken")).toBe(true);
    expect(FORBIDDEN.test("args")).toBe(true);
    expect(FORBIDDEN.test("tokensPurged")).toBe(false);
  });
});
