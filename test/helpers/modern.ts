/**
 * MCP 2026-07-28 requests sent to the worker in-process (the request builder is in mcp-wire.ts).
 */
import { type ModernOptions, modernRequest } from "./mcp-wire";
import { postMcp, rpcMessages } from "./worker";

export { ENVELOPE, MODERN_VERSION, type ModernOptions, modernRequest } from "./mcp-wire";

/** Send one modern request; returns the HTTP response (for status and header checks). */
export function postModern(
  token: string,
  method: string,
  params: Record<string, unknown> = {},
  options: ModernOptions = {},
): Promise<Response> {
  const { body, headers } = modernRequest(method, params, options);
  return postMcp(token, body, headers);
}

/** Send one modern request; returns every JSON-RPC message of the reply (notifications, then the response). */
export async function modernMessages(
  token: string,
  method: string,
  params: Record<string, unknown> = {},
  options: ModernOptions = {},
) {
  const { id, body, headers } = modernRequest(method, params, options);
  const response = await postMcp(token, body, headers);
  const messages = await rpcMessages(response);
  return {
    status: response.status,
    response,
    messages,
    reply: messages.find((message) => message.id === id) as Record<string, any>,
  };
}

/** One modern request's JSON-RPC response. */
export async function modernRpc(
  token: string,
  method: string,
  params: Record<string, unknown> = {},
  options: ModernOptions = {},
): Promise<Record<string, any>> {
  const { reply, status, messages } = await modernMessages(token, method, params, options);
  if (!reply) throw new Error(`no reply to ${method}: ${status} ${JSON.stringify(messages)}`);
  return reply;
}

export function modernTool(
  token: string,
  name: string,
  args: Record<string, unknown> = {},
  options: ModernOptions = {},
) {
  return modernRpc(token, "tools/call", { name, arguments: args }, options);
}
