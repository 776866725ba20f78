import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { jsonError, jsonRpcError, RpcCode } from "./http-error";
import { readBodyLimited } from "./read-body";

/** A POST body that passed every check, with its text kept to forward to McpAgent (which reads it again). */
export interface CheckedMessage {
  body: string;
  messages: Record<string, unknown>[];
  isInitialize: boolean;
}

/**
 * Check a JSON-RPC POST before it reaches McpAgent, whose own checks answer plain-text errors, a
 * 500 on malformed JSON for legacy SSE, and -32700 for well-formed JSON of the wrong shape.
 * Order: media types (406/415), size (413), JSON (-32700), shape (-32600), protocol version (400).
 */
export async function checkMessagePost(
  request: Request,
  options: { maxBytes: number; requireStreamAccept: boolean },
): Promise<CheckedMessage | Response> {
  if (options.requireStreamAccept) {
    // Streamable HTTP: the client MUST accept both (MCP 2025-11-25, Transports, "Sending Messages").
    const accept = request.headers.get("Accept") ?? "";
    if (!accept.includes("application/json") || !accept.includes("text/event-stream")) {
      return jsonRpcError(406, RpcCode.ServerError, "Not Acceptable: the Accept header must list both application/json and text/event-stream.");
    }
  }
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.toLowerCase().includes("application/json")) {
    return jsonRpcError(415, RpcCode.ServerError, "Unsupported Media Type: send the JSON-RPC message with Content-Type: application/json.");
  }

  const bytes = await readBodyLimited(request, options.maxBytes);
  if (bytes === undefined) {
    return jsonError(413, "payload_too_large", `The request body is larger than this connector's limit of ${options.maxBytes} bytes.`);
  }

  const text = new TextDecoder().decode(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return jsonRpcError(400, RpcCode.ParseError, "Parse error: the body is not valid JSON.");
  }

  const messages = Array.isArray(parsed) ? parsed : [parsed];
  if (messages.length === 0) return jsonRpcError(400, RpcCode.InvalidRequest, "Invalid Request: an empty batch.");
  for (const message of messages) {
    const problem = shapeProblem(message);
    if (problem) {
      const id = isObject(message) && (typeof message.id === "string" || Number.isSafeInteger(message.id)) ? (message.id as string | number) : null;
      return jsonRpcError(400, RpcCode.InvalidRequest, `Invalid Request: ${problem}`, { id });
    }
  }
  const objects = messages as Record<string, unknown>[];
  const isInitialize = objects.some((message) => message.method === "initialize");

  // MCP-Protocol-Version: invalid or unsupported → 400; absent → assume 2025-03-26 (Transports,
  // "Protocol Version Header"). The initialize request negotiates the version instead.
  const version = request.headers.get("MCP-Protocol-Version");
  if (!isInitialize && version !== null && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    return jsonRpcError(400, RpcCode.ServerError, `Bad Request: unsupported MCP-Protocol-Version "${version.slice(0, 40)}". Supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}.`);
  }
  return { body: text, messages: objects, isInitialize };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON-RPC 2.0 §4–5: what makes a request, notification or response well-formed. */
function shapeProblem(message: unknown): string | undefined {
  if (!isObject(message)) return "each message must be a JSON object.";
  if (message.jsonrpc !== "2.0") return 'the "jsonrpc" member must be exactly "2.0".';
  const hasId = "id" in message;
  // JSON-RPC 2.0 §4: numbers SHOULD NOT have fractions; the SDK refuses them and integers past 2^53
  // (which do not survive a round trip) with a plain-text -32700, so refuse them here, as JSON.
  if (hasId && typeof message.id !== "string" && !Number.isSafeInteger(message.id)) return '"id" must be a string or an integer between -(2^53 - 1) and 2^53 - 1.';
  if ("method" in message) {
    if (typeof message.method !== "string" || message.method === "") return '"method" must be a non-empty string.';
    if ("params" in message && !isObject(message.params)) return '"params" must be an object.';
    return undefined;
  }
  if (!hasId) return 'a message needs a "method" (request or notification) or an "id" (response).';
  if ("result" in message === "error" in message) return 'a response carries exactly one of "result" and "error".';
  return undefined;
}
