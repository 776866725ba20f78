/**
 * JSON error bodies for every HTTP fault outside the JSON-RPC layer, so no client ever has to parse
 * an HTML or plain-text error. `jsonRpcError` is for faults on the MCP endpoints, where clients
 * expect a JSON-RPC envelope.
 */
export function jsonError(status: number, error: string, message: string, headers?: HeadersInit): Response {
  const response = Response.json({ error, message }, { status, headers });
  response.headers.set("Cache-Control", "no-store");
  return response;
}

/**
 * An OAuth error body (RFC 6749 §5.2, RFC 7591 §3.2.2), for the OAuth endpoints, whose clients read
 * `error` and `error_description`. The description says what to do next.
 */
export function oauthError(status: number, error: string, description: string, headers?: HeadersInit): Response {
  const response = Response.json({ error, error_description: description }, { status, headers });
  response.headers.set("Cache-Control", "no-store");
  return response;
}

/** JSON-RPC error codes used at the HTTP edge (JSON-RPC 2.0 §5.1; MCP transport spec). */
export const RpcCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  /** MCP's convention for transport-level refusals (Streamable HTTP spec examples). */
  ServerError: -32000,
  SessionNotFound: -32001,
} as const;

export function jsonRpcError(
  status: number,
  code: number,
  message: string,
  options: { id?: string | number | null; headers?: HeadersInit } = {},
): Response {
  const response = Response.json(
    { jsonrpc: "2.0", id: options.id ?? null, error: { code, message } },
    { status, headers: options.headers },
  );
  response.headers.set("Cache-Control", "no-store");
  return response;
}
