import type { Config } from "../config";
import type { Transport } from "../mcp/agent-adapter";
import { MCP_PATH, SSE_PATH } from "../mcp/endpoint-paths";
import { jsonError, jsonRpcError, RpcCode } from "./http-error";
import { accepts } from "./media-type";
import { type CheckedMessage, checkMessagePost, type RequestId } from "./message-guard";
import { allowsBatches, batchRefusal, checkProtocolVersion } from "./protocol-version";
import { isSessionId, sessionNotFound } from "./session-guard";

const SSE_MESSAGE_PATH = `${SSE_PATH}/message`;

/** A 2025-era request that passed the worker's checks, ready for McpAgent. */
export interface LegacyRequest {
  transport: Transport;
  method: string;
  /** `Mcp-Session-Id`, or `?sessionId=` on the legacy paths. */
  sessionId: string | null;
  /** Streamable HTTP initialize, or a legacy GET that names no session. */
  creates: boolean;
  /** The checked POST body, if this is a POST. */
  message?: CheckedMessage;
  /** The id an error about this request carries (see `CheckedMessage.replyId`). */
  replyId: RequestId | null;
  /**
   * What McpAgent gets: the body re-attached, media types spelled the way McpAgent compares them
   * (case-sensitive substrings), a tolerated version header dropped. Its headers are mutable.
   */
  forward: Request;
}

/**
 * The guards McpAgent lacks, for Streamable HTTP (`/mcp`) and legacy HTTP+SSE (`/sse`,
 * `/sse/message`), in order: path (404), method (405), the POST body (message-guard.ts) or a GET's
 * `Accept` (406) and `Last-Event-ID` (400), session ids (400/404), `MCP-Protocol-Version` (400),
 * and batches whose version header rules them out (400). What needs the session itself (owner,
 * open legacy stream, negotiated version) is checked by the session object.
 */
export async function checkLegacyRequest(request: Request, config: Config): Promise<LegacyRequest | Response> {
  const url = new URL(request.url);
  const transport: Transport | undefined =
    url.pathname === MCP_PATH
      ? "streamable-http"
      : url.pathname === SSE_PATH || url.pathname === SSE_MESSAGE_PATH
        ? "sse"
        : undefined;
  if (!transport)
    return jsonError(
      404,
      "not_found",
      `No MCP endpoint at ${url.pathname}. Use ${MCP_PATH} (or ${SSE_PATH} for legacy SSE clients).`,
    );

  const allowed = transport === "sse" ? (url.pathname === SSE_PATH ? ["GET"] : ["POST"]) : ["GET", "POST", "DELETE"];
  if (!allowed.includes(request.method)) {
    return jsonError(
      405,
      "method_not_allowed",
      `${request.method} is not supported on ${url.pathname}; use ${allowed.join(" or ")}.`,
      {
        Allow: [...allowed, "OPTIONS"].join(", "),
      },
    );
  }

  let message: CheckedMessage | undefined;
  if (request.method === "POST") {
    const checked = await checkMessagePost(request, {
      maxBytes: config.maxRequestBytes,
      requireStreamAccept: transport === "streamable-http",
    });
    if (checked instanceof Response) return checked;
    message = checked;
  } else if (request.method === "GET") {
    const refusal = streamRequestProblem(request, transport);
    if (refusal) return refusal;
  }
  const replyId = message?.replyId ?? null;
  const isInitialize = message?.isInitialize ?? false;

  const sessionId = transport === "sse" ? url.searchParams.get("sessionId") : request.headers.get("Mcp-Session-Id");
  const sessionProblem = sessionIdProblem({ transport, path: url.pathname, sessionId, isInitialize, replyId });
  if (sessionProblem) return sessionProblem;

  const version = checkProtocolVersion(request, {
    streamableSessionId: transport === "streamable-http" ? sessionId : null,
    isInitialize,
    replyId,
  });
  if (version instanceof Response) return version;
  const versionHeader = version.tolerated ? null : request.headers.get("MCP-Protocol-Version");
  // A batch the header already rules out is refused here; otherwise the session judges it by the
  // version it negotiated (the header is optional, and a client may send the wrong one).
  if (message?.isBatch && versionHeader !== null && !allowsBatches(versionHeader)) {
    return batchRefusal(`this request's MCP-Protocol-Version is ${versionHeader}`);
  }

  const headers = new Headers(request.headers);
  if (message) {
    headers.set("Content-Type", "application/json");
    // The body is re-encoded text: let the runtime frame it.
    headers.delete("Content-Length");
    headers.delete("Transfer-Encoding");
  }
  if (transport === "streamable-http")
    headers.set("Accept", request.method === "POST" ? "application/json, text/event-stream" : "text/event-stream");
  if (version.tolerated) headers.delete("MCP-Protocol-Version");
  // agents reads lifecycle props from this header when it starts an object from a fetch; only
  // McpAgent itself may set props (on the requests that create a session).
  headers.delete("x-agents-lifecycle-props");

  return {
    transport,
    method: request.method,
    sessionId,
    creates: transport === "sse" ? request.method === "GET" && sessionId === null : isInitialize,
    message,
    replyId,
    forward: new Request(request.url, { method: request.method, headers, body: message?.body }),
  };
}

/** A GET opens an event stream (406 if the client rules that out); Streamable HTTP streams are not resumed. */
function streamRequestProblem(request: Request, transport: Transport): Response | undefined {
  if (!accepts(request.headers.get("Accept"), "text/event-stream")) {
    return jsonRpcError(
      406,
      RpcCode.ServerError,
      "Not Acceptable: GET opens an event stream; send Accept: text/event-stream.",
    );
  }
  if (transport === "streamable-http" && request.headers.has("Last-Event-ID")) {
    // See getEventStore in src/mcp/agent.ts: events carry no ids, so there is nothing to resume.
    return jsonRpcError(
      400,
      RpcCode.ServerError,
      "Bad Request: this server does not resume event streams, so Last-Event-ID cannot be honoured. Send the request again in a new POST, or open the stream without Last-Event-ID.",
    );
  }
  return undefined;
}

function sessionIdProblem(request: {
  transport: Transport;
  path: string;
  sessionId: string | null;
  isInitialize: boolean;
  replyId: RequestId | null;
}): Response | undefined {
  const { transport, sessionId, replyId } = request;
  if (transport === "streamable-http" && request.isInitialize && sessionId !== null) {
    return jsonRpcError(
      400,
      RpcCode.InvalidRequest,
      "Invalid Request: initialize starts a new session; send it without Mcp-Session-Id.",
      { id: replyId },
    );
  }
  if (transport === "streamable-http" && !request.isInitialize && sessionId === null) {
    return jsonRpcError(
      400,
      RpcCode.ServerError,
      "Bad Request: Mcp-Session-Id header is required; send the id the initialize response returned.",
      { id: replyId },
    );
  }
  if (request.path === SSE_MESSAGE_PATH && sessionId === null) {
    return jsonRpcError(
      400,
      RpcCode.ServerError,
      `Bad Request: POST ${SSE_MESSAGE_PATH} needs the sessionId from the endpoint event of GET ${SSE_PATH}.`,
      { id: replyId },
    );
  }
  if (sessionId !== null && !isSessionId(sessionId)) return sessionNotFound(transport, replyId);
  return undefined;
}
