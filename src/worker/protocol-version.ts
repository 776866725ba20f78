import { logEvent } from "../lib/log";
import { allowsBatches, BATCHING_REMOVED_IN, PROTOCOL_VERSIONS } from "../mcp/protocol-versions";
import { jsonRpcError, RpcCode } from "./http-error";

export { allowsBatches };

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
  if (context.isInitialize || version === null || PROTOCOL_VERSIONS.legacy.includes(version))
    return { tolerated: false };
  if (context.streamableSessionId !== null && PROTOCOL_VERSIONS.modern.includes(version)) {
    logEvent("mcp_version_header_tolerated", {
      level: "warn",
      header: version,
      transport: "streamable-http",
      method: request.method,
    });
    return { tolerated: true };
  }
  return jsonRpcError(
    400,
    RpcCode.ServerError,
    `Bad Request: unsupported MCP-Protocol-Version "${version.slice(0, 40)}". Send the version negotiated at initialize (supported: ${PROTOCOL_VERSIONS.legacy.join(", ")}).`,
    { id: context.replyId },
  );
}

export function batchRefusal(reason: string): Response {
  return jsonRpcError(
    400,
    RpcCode.InvalidRequest,
    `Invalid Request: JSON-RPC batches were removed in MCP ${BATCHING_REMOVED_IN}, and ${reason}. Send one message per POST.`,
  );
}
