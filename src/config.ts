/** Deployment settings read from `[vars]` and secrets, with their defaults (docs/configuration.md). */
export interface Config {
  /** Pinned public origin, or undefined to follow the request's origin. */
  publicUrl: string | undefined;
  /** Extra browser origins allowed on the MCP endpoints, beyond Claude's and the AI Playground. */
  allowedOrigins: string[];
  dcrEnabled: boolean;
  sessionIdleSeconds: number;
  maxRequestBytes: number;
  toolOutputMaxChars: number;
  /** Which tool calls get a `tool_call` log line: failures and slow calls only, or every call. */
  logToolCalls: "errors" | "all";
}

const DAY = 86_400;

/** Parse `env` once per request; bad values fall back to the defaults rather than failing requests. */
export function readConfig(env: Partial<Env>): Config {
  return {
    publicUrl: normalizeOrigin(env.PUBLIC_URL),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((origin) => normalizeOrigin(origin))
      .filter((origin): origin is string => origin !== undefined),
    dcrEnabled: (env.DCR_ENABLED ?? "true").trim().toLowerCase() !== "false",
    sessionIdleSeconds: Math.round(positiveNumber(env.SESSION_IDLE_DAYS, 7) * DAY),
    maxRequestBytes: Math.round(positiveNumber(env.MAX_REQUEST_BYTES, 1_048_576)),
    toolOutputMaxChars: Math.round(positiveNumber(env.TOOL_OUTPUT_MAX_CHARS, 100_000)),
    logToolCalls: env.LOG_TOOL_CALLS?.trim().toLowerCase() === "all" ? "all" : "errors",
  };
}

function positiveNumber(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== "" && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `https://Example.com/path` → `https://example.com`; undefined for blanks and non-URLs. */
export function normalizeOrigin(raw: string | undefined): string | undefined {
  const trimmed = raw?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a hostname is a loopback name or address (RFC 8252 §7.3; RFC 6761 §6.3). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether an origin is served on a loopback name: a server on this computer (`wrangler dev`). */
export function isLoopbackOrigin(origin: string): boolean {
  return isLoopbackHost(new URL(origin).hostname);
}
