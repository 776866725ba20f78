/**
 * An MCP 2026-07-28 request as a modern client sends it: one JSON-RPC message per POST, the `_meta`
 * envelope in its params, and the standard headers (MCP 2026-07-28 "Streamable HTTP" §Request
 * Metadata). No session, no initialize. Plain JavaScript without Node imports, so the bench-only
 * worker (bench/modern-build/) builds its requests with it too.
 */
export const MODERN_VERSION = "2026-07-28";

const CLIENT = { name: "outpost-bench", version: "1.0.0" };

/**
 * @param {number} id
 * @param {string} method
 * @param {Record<string, unknown>} [params]
 * @returns {{ body: string, parsed: object, headers: Record<string, string> }}
 */
export function modernMessage(id, method, params = {}) {
  const parsed = {
    jsonrpc: "2.0",
    id,
    method,
    params: {
      ...params,
      _meta: {
        "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": CLIENT,
      },
    },
  };
  // Mcp-Name carries the tool or prompt name, or the resource URI, of the methods that have one.
  const name = typeof params.name === "string" ? params.name : typeof params.uri === "string" ? params.uri : undefined;
  const headers = {
    Accept: "application/json, text/event-stream",
    "Content-Type": "application/json",
    "MCP-Protocol-Version": MODERN_VERSION,
    "Mcp-Method": method,
    ...(name !== undefined && { "Mcp-Name": name }),
  };
  return { body: JSON.stringify(parsed), parsed, headers };
}

/** The modern requests every stateless target is measured with, beside its tool call. */
export const MODERN_LISTS = {
  "tools/list": (result) =>
    Array.isArray(result?.tools) && result.tools.length > 0
      ? undefined
      : `tools/list answered ${JSON.stringify(result).slice(0, 200)}`,
  "server/discover": (result) =>
    Array.isArray(result?.supportedVersions) && result.supportedVersions.includes(MODERN_VERSION)
      ? undefined
      : `server/discover answered ${JSON.stringify(result).slice(0, 200)}`,
};
