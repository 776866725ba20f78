import { messagePage } from "../auth/responses";
import { MCP_PATH, SSE_PATH } from "../mcp/endpoint-paths";

/**
 * JSON error bodies for every HTTP fault outside the JSON-RPC layer, so no client ever has to parse
 * an HTML or plain-text error. `jsonRpcError` is for faults on the MCP endpoints, where clients
 * expect a JSON-RPC envelope; `httpError` for routes a person may open in a browser.
 */
export function jsonError(status: number, error: string, message: string, headers?: HeadersInit): Response {
  const response = Response.json({ error, message }, { status, headers });
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

/** Routes only programs call: the MCP endpoints and the OAuth protocol endpoints answer JSON to anyone. */
const API_PATHS = [MCP_PATH, SSE_PATH, "/token", "/register", "/.well-known"];

function isApiPath(pathname: string): boolean {
  return API_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

/**
 * Whether to answer with a page: a browser navigating lists `text/html` in `Accept` (fetch() and
 * API clients send `*\/*` or `application/json`), and the path is not an API route.
 */
export function wantsPage(request: Request): boolean {
  return /\btext\/html\b/i.test(request.headers.get("Accept") ?? "") && !isApiPath(new URL(request.url).pathname);
}

export interface HttpErrorOptions {
  status: number;
  /** The JSON body's machine-readable `error`. */
  error: string;
  /** What happened, in a sentence a person can act on: the JSON `message` and the page's text. */
  message: string;
  /** The page's heading. */
  title: string;
  /** What to do next, shown on the page. */
  hint?: string;
}

/** An HTTP fault outside the API routes: a page for a browser that asked for HTML, JSON for everything else. */
export function httpError(request: Request, options: HttpErrorOptions): Response {
  if (wantsPage(request)) return messagePage(options.status, options.title, options.message, options.hint);
  return jsonError(options.status, options.error, options.message);
}
