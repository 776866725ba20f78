/**
 * MCP messages as a client puts them on the wire, for raw-request tests in either runner (workerd or
 * Node): the 2025-era `initialize` and Streamable HTTP headers, and MCP 2026-07-28 requests (one
 * JSON-RPC message per POST, the `_meta` envelope in the params, and the standard headers
 * MCP-Protocol-Version, Mcp-Method, Mcp-Name).
 */
export const MCP_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "outpost-tests", version: "1.0.0" } },
};

/** JSON-RPC messages in an SSE or JSON response body. */
export async function rpcMessages(response: Response): Promise<Record<string, any>[]> {
  const text = await response.text();
  if (response.headers.get("Content-Type")?.includes("text/event-stream")) {
    return text
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice(6)));
  }
  return text ? [JSON.parse(text)] : [];
}

export const MODERN_VERSION = "2026-07-28";
export const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "outpost-tests", version: "1.0.0" },
};

let nextId = 1_000;

export interface ModernOptions {
  /** Extra `_meta` members (a log level, a progress token) or replacements for the envelope's. */
  meta?: Record<string, unknown>;
  /** Header overrides; a value of null removes the header. */
  headers?: Record<string, string | null>;
}

/** The request body and headers for one modern request. */
export function modernRequest(method: string, params: Record<string, unknown> = {}, options: ModernOptions = {}) {
  const id = nextId++;
  const body = { jsonrpc: "2.0", id, method, params: { ...params, _meta: { ...ENVELOPE, ...options.meta } } };
  const name = typeof params.name === "string" ? params.name : typeof params.uri === "string" ? params.uri : undefined;
  const headers: Record<string, string | null> = {
    "MCP-Protocol-Version": MODERN_VERSION,
    "Mcp-Method": method,
    ...(name !== undefined && { "Mcp-Name": name }),
    ...options.headers,
  };
  return {
    id,
    body,
    headers: Object.fromEntries(
      Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== null),
    ),
  };
}
