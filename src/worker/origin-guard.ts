import type { Config } from "../config";
import { isLoopbackHost } from "../lib/host-name";
import { jsonError } from "./http-error";

/** Browser origins that may always call the MCP endpoints: Claude's apps and the Cloudflare AI Playground. */
export const DEFAULT_ALLOWED_ORIGINS = [
  "https://claude.ai",
  "https://claude.com",
  "https://www.claude.ai",
  "https://www.claude.com",
  "https://playground.ai.cloudflare.com",
] as const;

/**
 * Whether a request's Origin may reach the MCP endpoints. MCP 2025-11-25 (Transports, "Security
 * Warning") requires validating Origin on every request and answering 403 to an invalid one, against
 * DNS rebinding. No Origin header means a non-browser client (Claude's backend, Claude Code,
 * mcp-remote), which is allowed; the bearer token is what authorizes it.
 */
export function isAllowedOrigin(request: Request, config: Config): boolean {
  const origin = request.headers.get("Origin");
  if (origin === null) return true;
  const requestUrl = new URL(request.url);
  if (origin === requestUrl.origin) return true;
  if ((DEFAULT_ALLOWED_ORIGINS as readonly string[]).includes(origin) || config.allowedOrigins.includes(origin))
    return true;
  // A server running on loopback is a development server: any local page may talk to it.
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // "null" and other opaque origins
  }
  return isLoopbackHost(requestUrl.hostname) && isLoopbackHost(parsed.hostname);
}

export function forbiddenOrigin(request: Request): Response {
  return jsonError(
    403,
    "forbidden_origin",
    `Requests from the web origin ${request.headers.get("Origin")} are not allowed. ` +
      "Add it to ALLOWED_ORIGINS if this page should use the connector.",
  );
}
