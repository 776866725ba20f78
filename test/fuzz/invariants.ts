/**
 * The invariants every answer must keep, whatever was sent (docs/reliability.md): no 5xx, no stack
 * trace, errors as JSON with the right media type (JSON-RPC errors on the MCP endpoints, RFC error
 * codes on the OAuth ones), HTML that escapes what it echoes, no secret in a body, a header or a
 * log line, and no crash event in the log.
 */
import { HTML_MARKER } from "./arbitraries";
import { type Exchange, type FuzzTarget, rpcMessagesOf } from "./target";

export interface Problem {
  /** A short, stable name of the invariant that broke (known failures match on it). */
  invariant: string;
  detail: string;
}

/** What kind of endpoint answered, which decides the shape its errors must have. */
export type EndpointKind = "mcp" | "oauth-token" | "oauth-register" | "json" | "page";

/** RFC 6749 §5.2, RFC 8707 §2 and RFC 7591 §3.2.2 error codes, plus what the provider uses for methods and sizes. */
const TOKEN_ERRORS = [
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
  "invalid_target",
  "method_not_allowed",
  "payload_too_large",
  "temporarily_unavailable",
];
const REGISTER_ERRORS = [
  "invalid_redirect_uri",
  "invalid_client_metadata",
  "invalid_software_statement",
  "unapproved_software_statement",
  "invalid_request",
  "method_not_allowed",
  "payload_too_large",
  "temporarily_unavailable",
];
/** JSON-RPC 2.0 §5.1 and the MCP codes (-32001 session, -32002 resource, -32020..-32022 2026-07-28 headers and versions). */
const RPC_ERROR_CODES = new Set([-32700, -32600, -32601, -32602, -32000, -32001, -32002, -32020, -32021, -32022]);

const STACK_TRACE = /\bat [\w$.<>]+ \(?[^\s)]*:\d+:\d+\)?|\n\s+at\s/;

export function checkExchange(ex: Exchange, kind: EndpointKind, target: FuzzTarget, sent = ""): Problem[] {
  if (ex.dropped) return [];
  // A URL or header block too large for the HTTP server in front of the worker is refused there
  // (workerd locally, Cloudflare's edge when deployed), before any of Outpost's code runs.
  if (ex.status === 414 || ex.status === 431) return [];
  const problems: Problem[] = [];
  const where = `${ex.method} ${ex.path.slice(0, 80)}`;
  if (ex.status >= 500)
    problems.push({ invariant: "no-5xx", detail: `${where} answered ${ex.status}: ${ex.text.slice(0, 300)}` });
  if (STACK_TRACE.test(ex.text))
    problems.push({
      invariant: "no-stack-trace",
      detail: `${where} answered with what looks like a stack trace: ${ex.text.slice(0, 300)}`,
    });
  problems.push(
    ...secretsIn(`${where} (body)`, ex.text, target),
    ...secretsIn(`${where} (headers)`, [...ex.headers].map(([name, value]) => `${name}: ${value}`).join("\n"), target),
  );
  if (ex.contentType.includes("text/html") && sent.includes(HTML_MARKER) && ex.text.includes("<fz-marker")) {
    problems.push({ invariant: "html-escaped", detail: `${where} rendered a tag it was sent without escaping it` });
  }
  // HEAD answers carry the headers of a GET and no body (RFC 9110 §9.3.2).
  if (ex.method === "HEAD") return problems;
  if (ex.status >= 400) problems.push(...errorShape(ex, kind, where));
  else if (kind === "mcp" && ex.text) problems.push(...rpcShape(ex, where));
  return problems;
}

function errorShape(ex: Exchange, kind: EndpointKind, where: string): Problem[] {
  // The consent and sign-in pages answer a person's browser: an HTML page that says why is right there.
  if (kind === "page" && ex.contentType.includes("text/html")) return [];
  if (!ex.contentType.startsWith("application/json")) {
    return [
      {
        invariant: "json-error",
        detail: `${where} answered ${ex.status} as "${ex.contentType}", not application/json: ${ex.text.slice(0, 200)}`,
      },
    ];
  }
  let body: unknown;
  try {
    body = JSON.parse(ex.text);
  } catch {
    return [
      {
        invariant: "json-error",
        detail: `${where} answered ${ex.status} with a body that does not parse: ${ex.text.slice(0, 200)}`,
      },
    ];
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return [{ invariant: "json-error", detail: `${where} answered ${ex.status} with JSON that is not an object` }];
  const record = body as Record<string, unknown>;
  if (kind === "mcp" && "jsonrpc" in record) return rpcShape(ex, where);
  const error = record.error;
  if (typeof error !== "string" || error === "")
    return [
      {
        invariant: "json-error",
        detail: `${where} answered ${ex.status} without an "error" code: ${ex.text.slice(0, 200)}`,
      },
    ];
  const allowed = kind === "oauth-token" ? TOKEN_ERRORS : kind === "oauth-register" ? REGISTER_ERRORS : undefined;
  if (allowed && !allowed.includes(error) && ex.status !== 401) {
    return [
      {
        invariant: "rfc-error-code",
        detail: `${where} answered ${ex.status} with error "${error}", not one of ${allowed.join(", ")}`,
      },
    ];
  }
  return [];
}

/** Every message of an MCP answer is JSON-RPC 2.0; every error carries a known integer code; no -32603 leaks out. */
function rpcShape(ex: Exchange, where: string): Problem[] {
  let messages: unknown[];
  try {
    messages = rpcMessagesOf(ex);
  } catch {
    return [
      {
        invariant: "json-rpc",
        detail: `${where} answered ${ex.status} with a body that does not parse: ${ex.text.slice(0, 200)}`,
      },
    ];
  }
  const problems: Problem[] = [];
  for (const message of messages) {
    const record = message as { jsonrpc?: unknown; error?: { code?: unknown; message?: unknown } } | null;
    if (typeof record !== "object" || record === null || record.jsonrpc !== "2.0") {
      problems.push({
        invariant: "json-rpc",
        detail: `${where} answered ${ex.status} with a message that is not JSON-RPC 2.0: ${JSON.stringify(message).slice(0, 200)}`,
      });
      continue;
    }
    if (record.error === undefined) continue;
    const code = record.error?.code;
    if (typeof code !== "number" || !Number.isInteger(code) || typeof record.error?.message !== "string") {
      problems.push({
        invariant: "json-rpc",
        detail: `${where}: an error without an integer code and a message: ${JSON.stringify(record.error).slice(0, 200)}`,
      });
    } else if (code === -32603) {
      problems.push({
        invariant: "no-internal-error",
        detail: `${where}: JSON-RPC internal error (-32603): ${record.error.message.slice(0, 200)}`,
      });
    } else if (!RPC_ERROR_CODES.has(code)) {
      problems.push({
        invariant: "json-rpc-code",
        detail: `${where}: JSON-RPC error code ${code} is not one the protocol defines: ${record.error.message.slice(0, 200)}`,
      });
    }
  }
  return problems;
}

function secretsIn(where: string, text: string, target: FuzzTarget): Problem[] {
  return target.secrets
    .filter((secret) => secret.length >= 8 && text.includes(secret))
    .map((secret) => ({ invariant: "no-secret", detail: `${where} contains a secret (${secret.slice(0, 3)}…)` }));
}

/** Events that mean code failed unexpectedly: each is a defect even when the client got a tidy answer. */
const CRASH_EVENTS = ["worker_crash", "tool_crash"];

/** The log lines since the last check: no secret, no crash event. */
export async function checkLogs(target: FuzzTarget): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const line of await target.drainLogs()) {
    problems.push(...secretsIn("a log line", line, target));
    const crash = CRASH_EVENTS.find((event) => line.includes(`"event":"${event}"`));
    if (crash) problems.push({ invariant: `no-${crash.replace("_", "-")}`, detail: `log: ${line.slice(0, 300)}` });
  }
  return problems;
}
