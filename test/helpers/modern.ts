/**
 * MCP 2026-07-28 requests as a modern client sends them: one JSON-RPC message per POST, the `_meta`
 * envelope in the params, and the standard headers (MCP-Protocol-Version, Mcp-Method, Mcp-Name).
 */
import { ENVELOPE, MODERN_VERSION } from "./envelope";
import { postMcp, rpcMessages } from "./worker";

export { ENVELOPE, MODERN_VERSION };

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
  return { id, body, headers: Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== null)) };
}

/** Send one modern request; returns the HTTP response (for status and header checks). */
export function postModern(token: string, method: string, params: Record<string, unknown> = {}, options: ModernOptions = {}): Promise<Response> {
  const { body, headers } = modernRequest(method, params, options);
  return postMcp(token, body, headers);
}

/** Send one modern request; returns every JSON-RPC message of the reply (notifications, then the response). */
export async function modernMessages(token: string, method: string, params: Record<string, unknown> = {}, options: ModernOptions = {}) {
  const { id, body, headers } = modernRequest(method, params, options);
  const response = await postMcp(token, body, headers);
  const messages = await rpcMessages(response);
  return { status: response.status, response, messages, reply: messages.find((message) => message.id === id) as Record<string, any> };
}

/** One modern request's JSON-RPC response. */
export async function modernRpc(token: string, method: string, params: Record<string, unknown> = {}, options: ModernOptions = {}): Promise<Record<string, any>> {
  const { reply, status, messages } = await modernMessages(token, method, params, options);
  if (!reply) throw new Error(`no reply to ${method}: ${status} ${JSON.stringify(messages)}`);
  return reply;
}

export function modernTool(token: string, name: string, args: Record<string, unknown> = {}, options: ModernOptions = {}) {
  return modernRpc(token, "tools/call", { name, arguments: args }, options);
}
