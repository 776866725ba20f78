/**
 * "Claude only" mode (`ALLOWED_CLIENTS=claude`): codes go only to Claude's callbacks and to Claude
 * Code's loopback ones. Claude's help centre names its callback `https://claude.ai/api/mcp/auth_callback`
 * and asks servers that allowlist callbacks to allow `https://claude.com/api/mcp/auth_callback` too;
 * Claude Code listens on `http://localhost:<port>/callback` or `http://127.0.0.1:<port>/callback`,
 * on a port it picks at run time (RFC 8252 §7.3: any port on a loopback redirect).
 *
 * Held at every gate a redirect URI passes: dynamic registration (`src/worker/oauth.ts`),
 * operator-client creation (`operator-clients.ts`) and `/authorize` (`authorize.tsx`), which also
 * covers clients registered before the mode was turned on and Client ID Metadata Document clients.
 */
import type { Config } from "../config";

/** Claude's hosted callbacks, compared exactly: no other path, query, port or spelling. */
export const CLAUDE_CALLBACKS = [
  "https://claude.ai/api/mcp/auth_callback",
  "https://claude.com/api/mcp/auth_callback",
] as const;

/** The loopback path Claude Code's callbacks use (its metadata document lists `/callback`). */
const CLAUDE_CODE_PATH = "/callback";
const CLAUDE_CODE_HOSTS = ["localhost", "127.0.0.1"];

/** Whether `uri` is one of Claude's or Claude Code's callbacks. */
export function isClaudeRedirect(uri: string): boolean {
  if ((CLAUDE_CALLBACKS as readonly string[]).includes(uri)) return true;
  // Claude Code: http, a loopback host spelled exactly, any port, `/callback`, nothing else.
  const loopback = /^http:\/\/(localhost|127\.0\.0\.1)(?::(\d{1,5}))?(\/[^?#]*)$/.exec(uri);
  if (!loopback) return false;
  const [, host, port, path] = loopback;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  return CLAUDE_CODE_HOSTS.includes(host ?? "") && path === CLAUDE_CODE_PATH;
}

/** What is said when a redirect URI is outside the set; shared by every gate. */
export const CLAUDE_ONLY_RULE =
  "This server accepts only Claude (https://claude.ai/api/mcp/auth_callback or https://claude.com/api/mcp/auth_callback) and Claude Code (http://localhost:<port>/callback or http://127.0.0.1:<port>/callback).";

/**
 * Why these redirect URIs may not be registered under `config`, as an RFC 7591 `error_description`;
 * undefined when they may. Every URI must be allowed: a registration that lists another callback
 * could sign in there later.
 */
export function claudeOnlyProblem(config: Pick<Config, "allowedClients">, redirectUris: unknown): string | undefined {
  if (config.allowedClients !== "claude" || !Array.isArray(redirectUris)) return undefined;
  const refused = redirectUris.find((uri) => typeof uri !== "string" || !isClaudeRedirect(uri));
  if (refused === undefined) return undefined;
  const shown = typeof refused === "string" ? refused.slice(0, 200) : JSON.stringify(refused)?.slice(0, 200);
  return `redirect URI ${shown} is not allowed. ${CLAUDE_ONLY_RULE}`;
}
