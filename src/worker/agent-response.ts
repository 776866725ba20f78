import { jsonRpcError, RpcCode } from "./http-error";
import type { LegacyRequest } from "./legacy-request";
import { sessionNotFound } from "./session-guard";
import { withSseKeepalive } from "./sse-keepalive";

/**
 * McpAgent's answer, made what the client is owed: a POST with nothing to answer (notifications
 * and responses only) gets 202 even where McpAgent opens a stream it never closes (for a posted
 * JSON-RPC error response); McpAgent's own errors, plain text or JSON labelled text/plain with
 * `id: null`, become JSON-RPC errors with the request's id; event streams get keepalives.
 */
export async function finishAgentResponse(response: Response, request: LegacyRequest): Promise<Response> {
  if (request.message && !request.message.expectsReply && response.status === 200) {
    // McpAgent has delivered the messages before it answers; cancelling also closes its bridge socket.
    await response.body?.cancel();
    return new Response(null, { status: 202 });
  }
  if (response.status >= 400) return asJsonRpcError(response, request);
  return request.method === "GET" ? withSseKeepalive(response) : response;
}

async function asJsonRpcError(response: Response, request: LegacyRequest): Promise<Response> {
  const text = await response.text();
  let code: number = RpcCode.ServerError;
  let message = text.trim() || response.statusText;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === "number") code = body.error.code;
    if (typeof body.error?.message === "string") message = body.error.message;
  } catch {
    // Plain text: keep it as the message.
  }
  if (response.status === 404 || code === RpcCode.SessionNotFound)
    return sessionNotFound(request.transport, request.replyId);
  if (response.status >= 500) {
    return jsonRpcError(
      503,
      RpcCode.ServerError,
      "Service Unavailable: the session could not be reached. Try the request again.",
      { id: request.replyId },
    );
  }
  return jsonRpcError(response.status, code, message, { id: request.replyId });
}
