import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { logEvent } from "../mcp/log";
import { jsonRpcError, RpcCode } from "./http-error";

/** What a request without the header speaks, absent anything better (Transports, "Protocol Version Header"). */
export const ASSUMED_PROTOCOL_VERSION = "2025-03-26";

/** The MCP revision that removed JSON-RPC batching (2025-03-26 had added it). */
const BATCHING_REMOVED_IN = "2025-06-18";

/**
 * Versions newer than the SDK v1 this path runs on, which a client may still send on a 2025-era
 * session by mistake (see `checkProtocolVersion`).
 */
const MODERN_PROTOCOL_VERSIONS = ["2026-07-28"];

export type VersionCheck = Response | { tolerated: boolean };

/**
 * `MCP-Protocol-Version` on a request after initialize (MCP 2025-11-25, Transports, "Protocol
 * Version Header"): absent → accepted (the server assumes 2025-03-26 or uses the negotiated
 * version); a supported one → accepted; anything else → 400.
 *
 * One tolerance, for a client bug rather than the protocol: Claude's connector, after falling back
 * from 2026-07-28 to `initialize`, has been seen sending `MCP-Protocol-Version: 2026-07-28` on its
 * session requests (CodeWithCJ/SparkyFitness#2155, different-ai/openwork#3944). A request that
 * names a Streamable HTTP session (`Mcp-Session-Id`) with a modern version is served as if the
 * header were absent (the caller drops it before McpAgent, which would refuse it), and a
 * `mcp_version_header_tolerated` warning is logged (one event name for every version-header
 * tolerance). Remove this once those reports are closed and the warning no longer appears.
 */
export function checkProtocolVersion(
  request: Request,
  context: { streamableSessionId: string | null; isInitialize: boolean; replyId: string | number | null },
): VersionCheck {
  const version = request.headers.get("MCP-Protocol-Version");
  // The initialize request negotiates the version instead.
  if (context.isInitialize || version === null || SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return { tolerated: false };
  if (context.streamableSessionId !== null && MODERN_PROTOCOL_VERSIONS.includes(version)) {
    logEvent("mcp_version_header_tolerated", { level: "warn", header: version, transport: "streamable-http", method: request.method });
    return { tolerated: true };
  }
  return jsonRpcError(
    400,
    RpcCode.ServerError,
    `Bad Request: unsupported MCP-Protocol-Version "${version.slice(0, 40)}". Send the version negotiated at initialize (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}).`,
    { id: context.replyId },
  );
}

/**
 * Whether a session at `version` may receive JSON-RPC batches: 2025-03-26 allowed them,
 * 2025-06-18 removed them (MCP changelog). Versions are ISO dates, so they compare as strings.
 */
export function allowsBatches(version: string): boolean {
  return version < BATCHING_REMOVED_IN;
}

export function batchRefusal(reason: string): Response {
  return jsonRpcError(400, RpcCode.InvalidRequest, `Invalid Request: JSON-RPC batches were removed in MCP ${BATCHING_REMOVED_IN}, and ${reason}. Send one message per POST.`);
}
