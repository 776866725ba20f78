/** Deployment settings read from `[vars]` and secrets, with their defaults (docs/configuration.md). */
export interface Config {
  /** Pinned public origin, or undefined to follow the request's origin. */
  publicUrl: string | undefined;
  /** Extra browser origins allowed on the MCP endpoints, beyond Claude's and the AI Playground. */
  allowedOrigins: string[];
  dcrEnabled: boolean;
  /**
   * Which clients may be sent codes: `any` (the default), or `claude`: only Claude's callbacks and
   * Claude Code's loopback ones (`src/auth/claude-only.ts`).
   */
  allowedClients: AllowedClients;
  /** Dynamic client registrations allowed per client address per hour. */
  registrationsPerHour: number;
  sessionIdleSeconds: number;
  maxRequestBytes: number;
  /** Largest tool result, in estimated tokens (src/mcp/token-estimate.ts). */
  toolOutputMaxTokens: number;
  /** Which tool calls get a `tool_call` log line: failures and slow calls only, or every call. */
  logToolCalls: "errors" | "all";
  /** Days the owner's activity log keeps an entry (`AUDIT_RETENTION_DAYS`). */
  auditRetentionDays: number;
}

export type AllowedClients = "any" | "claude";

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
    allowedClients: allowedClients(env.ALLOWED_CLIENTS),
    registrationsPerHour: Math.max(1, Math.round(positiveNumber(env.REGISTRATIONS_PER_HOUR, 60))),
    sessionIdleSeconds: Math.round(positiveNumber(env.SESSION_IDLE_DAYS, 7) * DAY),
    maxRequestBytes: Math.round(positiveNumber(env.MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES)),
    toolOutputMaxTokens: toolOutputMaxTokens(env),
    logToolCalls: env.LOG_TOOL_CALLS?.trim().toLowerCase() === "all" ? "all" : "errors",
    auditRetentionDays: positiveNumber(env.AUDIT_RETENTION_DAYS, DEFAULT_AUDIT_RETENTION_DAYS),
  };
}

/** How long the activity log keeps an entry by default (`AUDIT_RETENTION_DAYS`). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 30;

/** Largest POST body on the MCP endpoints by default (`MAX_REQUEST_BYTES`). */
export const DEFAULT_MAX_REQUEST_BYTES = 1_048_576;

/** Claude Code refuses tool results over 25,000 tokens by default; this leaves room for the estimate's error. */
export const DEFAULT_TOOL_OUTPUT_MAX_TOKENS = 20_000;

/**
 * `TOOL_OUTPUT_MAX_TOKENS`, or the older `TOOL_OUTPUT_MAX_CHARS` at 4 characters a token (the
 * estimate charges at least 1/3 token a character, so a result within `chars / 4` tokens is within
 * `chars` characters too); when both are set, the smaller.
 */
function toolOutputMaxTokens(env: Partial<Env>): number {
  const tokens = positiveNumber(env.TOOL_OUTPUT_MAX_TOKENS, Number.POSITIVE_INFINITY);
  const fromChars = positiveNumber(env.TOOL_OUTPUT_MAX_CHARS, Number.POSITIVE_INFINITY) / 4;
  const limit = Math.min(tokens, fromChars);
  return Number.isFinite(limit) ? Math.max(1, Math.round(limit)) : DEFAULT_TOOL_OUTPUT_MAX_TOKENS;
}

/**
 * `ALLOWED_CLIENTS`: unset, blank or `any` allows every client; `claude` only Claude. Any other
 * value also means `claude`: a typo in a setting meant to close the server must not open it.
 */
function allowedClients(raw: string | undefined): AllowedClients {
  const value = raw?.trim().toLowerCase() ?? "";
  return value === "" || value === "any" ? "any" : "claude";
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

/**
 * The origin this server is known by: `PUBLIC_URL` when the deployment pins one, else the origin the
 * request arrived on (each host name it answers on is then its own OAuth resource).
 */
export function publicOrigin(config: Pick<Config, "publicUrl">, requestUrl: string): string {
  return config.publicUrl ?? new URL(requestUrl).origin;
}

const parsedFor = new WeakMap<object, Config>();

/**
 * The configuration of one request: parsed on first use, then handed to every reader of the same
 * `env` object. src/index.ts gives the OAuth provider (and so the pages, the consent flow and the
 * MCP endpoint behind it) a fresh `env` per request, so a request never sees another's parse.
 */
export function requestConfig(env: Env): Config {
  let config = parsedFor.get(env);
  if (!config) {
    config = readConfig(env);
    parsedFor.set(env, config);
  }
  return config;
}
