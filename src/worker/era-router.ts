import { isLegacyRequest, PROTOCOL_VERSION_META_KEY } from "@modelcontextprotocol/server";
import { logEvent } from "../lib/log";
import { readBodyLimited } from "../lib/read-body";
import { PROTOCOL_VERSIONS } from "../mcp/protocol-versions";
import { jsonError } from "./http-error";
import { isJsonContentType } from "./media-type";

/** Where a request to `/mcp` goes, with its body read once. */
export type EraRoute =
  /** A 2025-era request for the session object; `request` can still be read. */
  | { era: "legacy"; request: Request }
  /** A 2026-07-28 request for the stateless handler; the body is consumed, `parsedBody` holds it. */
  | { era: "modern"; request: Request; parsedBody: unknown };

/**
 * Decide the protocol era of a request to `/mcp` (MCP 2026-07-28 "Versioning": a request carrying
 * the `_meta` envelope is served statelessly; `initialize` starts a 2025-era session). Anything that
 * names a session, every GET and DELETE, and whatever the SDK's own classifier calls legacy go to
 * the session object; the rest to the modern handler, which owns the modern error answers (a bad
 * envelope, a header mismatch, an unknown revision). The body is read once, within `maxBytes`.
 */
export async function routeByEra(request: Request, options: { maxBytes: number }): Promise<EraRoute | Response> {
  if (request.method !== "POST" || request.headers.has("Mcp-Session-Id")) return { era: "legacy", request };
  // The legacy guard answers a wrong media type (415) in the words 2025-era clients expect.
  if (!isJsonContentType(request.headers.get("Content-Type"))) return { era: "legacy", request };

  const bytes = await readBodyLimited(request, options.maxBytes);
  if (bytes === undefined) {
    return jsonError(
      413,
      "payload_too_large",
      `The request body is larger than this connector's limit of ${options.maxBytes} bytes.`,
    );
  }
  const text = new TextDecoder().decode(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { era: "legacy", request: withBody(request, text) };
  }
  if (await isLegacyRequest(request, parsed, { maxRequestBodySize: options.maxBytes }))
    return { era: "legacy", request: withBody(request, text) };
  return { era: "modern", request: toleratingVersionHeader(request, parsed), parsedBody: parsed };
}

function withBody(request: Request, body: string): Request {
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
}

/**
 * Tolerance for Claude's connector (anthropics/claude-code#93290, open): it has been seen sending a
 * 2026-07-28 `_meta` envelope with `MCP-Protocol-Version: 2025-11-25`, which the spec answers with
 * -32020. The envelope is the request's own statement of its revision, so serve by it: the header
 * is rewritten to match and a warning event is logged. Remove once the client is fixed.
 */
function toleratingVersionHeader(request: Request, parsed: unknown): Request {
  const claimed = envelopeVersion(parsed);
  const header = request.headers.get("MCP-Protocol-Version");
  if (!claimed || !header || header === claimed) return request;
  if (!PROTOCOL_VERSIONS.modern.includes(claimed) || !PROTOCOL_VERSIONS.legacy.includes(header)) return request;
  logEvent("mcp_version_header_tolerated", { level: "warn", header, envelope: claimed });
  const headers = new Headers(request.headers);
  headers.set("MCP-Protocol-Version", claimed);
  return new Request(request.url, { method: request.method, headers, signal: request.signal });
}

function envelopeVersion(parsed: unknown): string | undefined {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const meta = (parsed as { params?: { _meta?: Record<string, unknown> } }).params?._meta;
  const version = meta?.[PROTOCOL_VERSION_META_KEY];
  return typeof version === "string" ? version : undefined;
}
