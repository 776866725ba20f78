import {
  JSONRPCErrorResponseSchema,
  JSONRPCNotificationSchema,
  JSONRPCRequestSchema,
  JSONRPCResultResponseSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { readBodyLimited } from "../lib/read-body";
import { jsonError, jsonRpcError, RpcCode } from "./http-error";
import { accepts, isJsonContentType } from "./media-type";

/**
 * How deeply a message may nest objects and arrays (the message object is level 1). Thousands of
 * levels overflow the stack when McpAgent serializes the message for the session object, which
 * came back as a 503; no MCP message needs more than a few dozen.
 */
export const MAX_MESSAGE_DEPTH = 64;

export type RequestId = string | number;

/** A POST body that passed every check, with its text kept to forward to McpAgent (which reads it again). */
export interface CheckedMessage {
  body: string;
  messages: Record<string, unknown>[];
  isInitialize: boolean;
  isBatch: boolean;
  /** Whether any message is a request: only then does the client wait for an answer on this POST. */
  expectsReply: boolean;
  /**
   * The id an error about this POST must carry: a single request's own id; null for a batch, a
   * notification or a response, whose errors have no request to answer (JSON-RPC 2.0 §5).
   */
  replyId: RequestId | null;
}

/**
 * Check a JSON-RPC POST before it reaches McpAgent, whose own checks answer plain-text errors,
 * compare media types case-sensitively, and let messages its schema refuses through to the legacy
 * path, where they came back as 503s. Order: Content-Type (415), size (413), JSON (-32700),
 * nesting and shape (-32600, judged by the SDK's own schema last), initialize alone (-32600), and
 * on Streamable HTTP the `Accept` header (406), checked after parsing so its error can carry the id.
 */
export async function checkMessagePost(
  request: Request,
  options: { maxBytes: number; requireStreamAccept: boolean },
): Promise<CheckedMessage | Response> {
  if (!isJsonContentType(request.headers.get("Content-Type"))) {
    return jsonRpcError(
      415,
      RpcCode.ServerError,
      "Unsupported Media Type: send the JSON-RPC message with Content-Type: application/json.",
    );
  }

  const bytes = await readBodyLimited(request, options.maxBytes);
  if (bytes === undefined) {
    return jsonError(
      413,
      "payload_too_large",
      `The request body is larger than this connector's limit of ${options.maxBytes} bytes. Send less in one request: split an import into several calls, or upload a smaller file.`,
    );
  }

  const body = new TextDecoder().decode(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return jsonRpcError(400, RpcCode.ParseError, "Parse error: the body is not valid JSON.");
  }

  const isBatch = Array.isArray(parsed);
  const messages: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const replyId = isBatch ? null : requestIdOf(parsed);
  const invalid = (problem: string) =>
    jsonRpcError(400, RpcCode.InvalidRequest, `Invalid Request: ${problem}`, { id: replyId });
  if (messages.length === 0) return invalid("an empty batch.");
  if (nestsDeeperThan(parsed, MAX_MESSAGE_DEPTH)) {
    // Depth inside a request's params is the caller's arguments: JSON-RPC 2.0 §5.1 says -32602 for
    // those, so a tool caller hears which part to change. Anywhere else the message is malformed.
    const params =
      !isBatch && typeof parsed === "object" && parsed !== null ? (parsed as { params?: unknown }).params : undefined;
    if (params !== undefined && nestsDeeperThan(params, MAX_MESSAGE_DEPTH - 1)) {
      return jsonRpcError(
        400,
        RpcCode.InvalidParams,
        `Invalid params: they nest objects and arrays more than ${MAX_MESSAGE_DEPTH - 2} levels deep; send flatter arguments.`,
        { id: replyId },
      );
    }
    return invalid(`the message nests objects and arrays more than ${MAX_MESSAGE_DEPTH} levels deep.`);
  }
  for (const message of messages) {
    const problem = shapeProblem(message);
    if (problem) return invalid(problem);
  }
  const objects = messages as Record<string, unknown>[];
  const isInitialize = objects.some((message) => message.method === "initialize");
  if (isInitialize && isBatch) return invalid("initialize must be sent alone, not in a batch.");

  // Streamable HTTP: the client MUST accept both (MCP 2025-11-25, Transports, "Sending Messages").
  const accept = request.headers.get("Accept");
  if (options.requireStreamAccept && !(accepts(accept, "application/json") && accepts(accept, "text/event-stream"))) {
    return jsonRpcError(
      406,
      RpcCode.ServerError,
      "Not Acceptable: the Accept header must admit both application/json and text/event-stream.",
      { id: replyId },
    );
  }
  return {
    body,
    messages: objects,
    isInitialize,
    isBatch,
    expectsReply: objects.some((message) => "method" in message && "id" in message),
    replyId,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === "string" || Number.isSafeInteger(value);
}

/** A request's id, when the message is a request with a usable one; otherwise null. */
function requestIdOf(message: unknown): RequestId | null {
  return isObject(message) && typeof message.method === "string" && isRequestId(message.id) ? message.id : null;
}

/** Walks without recursion, so hostile depth cannot overflow the stack here either. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node !== "object" || node === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * JSON-RPC 2.0 §4–5: what makes a request, notification or response well-formed, in words a
 * client developer can act on; then the MCP SDK's schema for that kind of message, which McpAgent
 * and the SDK parse with, so nothing that passes here fails there.
 */
function shapeProblem(message: unknown): string | undefined {
  if (!isObject(message)) return "each message must be a JSON object.";
  if (message.jsonrpc !== "2.0") return 'the "jsonrpc" member must be exactly "2.0".';
  const hasId = "id" in message;
  if (hasId && !isRequestId(message.id)) return '"id" must be a string or an integer (at most 2^53 - 1).';
  let schema:
    | typeof JSONRPCRequestSchema
    | typeof JSONRPCNotificationSchema
    | typeof JSONRPCResultResponseSchema
    | typeof JSONRPCErrorResponseSchema;
  if ("method" in message) {
    if (typeof message.method !== "string" || message.method === "") return '"method" must be a non-empty string.';
    if ("params" in message && !isObject(message.params)) return '"params" must be an object.';
    if (
      "params" in message &&
      "_meta" in (message.params as object) &&
      !isObject((message.params as Record<string, unknown>)._meta)
    )
      return '"params._meta" must be an object.';
    schema = hasId ? JSONRPCRequestSchema : JSONRPCNotificationSchema;
  } else {
    if (!hasId) return 'a message needs a "method" (request or notification) or an "id" (response).';
    if ("result" in message === "error" in message) return 'a response carries exactly one of "result" and "error".';
    schema = "result" in message ? JSONRPCResultResponseSchema : JSONRPCErrorResponseSchema;
  }
  const parsed = schema.safeParse(message);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join(".");
  return `${path ? `"${path}": ` : ""}${issue?.message ?? "not a valid JSON-RPC message"}.`;
}
