import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { ErrorCode, McpError, type ServerNotification, type ServerRequest } from "@modelcontextprotocol/sdk/types.js";

/** SDK v1's per-request extra, as the 2025-era handlers receive it. */
export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export type RequestHandler = (request: unknown, extra: RequestExtra) => Promise<Record<string, unknown>>;

/**
 * The SDK server's method → handler table. McpServer offers no hooks for filtering lists by scope,
 * paginating them or mapping errors, so those wrap or replace entries here; everything else about
 * the protocol stays the SDK's.
 */
export function requestHandlers(server: McpServer): Map<string, RequestHandler> {
  return (server.server as unknown as { _requestHandlers: Map<string, RequestHandler> })._requestHandlers;
}

/** Replace one method's handler with `wrap(original)`; a method the SDK never registered is left alone. */
export function wrapHandler(
  server: McpServer,
  method: string,
  wrap: (original: RequestHandler) => RequestHandler,
): void {
  const handlers = requestHandlers(server);
  const original = handlers.get(method);
  if (original) handlers.set(method, wrap(original));
}

/**
 * The SDK parses each request against its schema inside the handler and lets the ZodError through,
 * which the protocol layer reports as -32603 (internal error). Malformed params are the caller's
 * fault: JSON-RPC 2.0 §5.1 says -32602 (invalid params), with the problem named.
 */
export function reportInvalidParams(server: McpServer): void {
  for (const method of requestHandlers(server).keys()) {
    wrapHandler(server, method, (handler) => async (request, extra) => {
      try {
        return await handler(request, extra);
      } catch (error) {
        // zod 4's error is not always an Error instance: recognise it by its issues.
        if (
          typeof error === "object" &&
          error !== null &&
          !(error instanceof McpError) &&
          Array.isArray((error as { issues?: unknown }).issues)
        ) {
          const issues = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues;
          const detail = issues
            .map((issue) => `${issue.path.map(String).join(".") || "params"}: ${issue.message}`)
            .join("; ");
          throw new McpError(ErrorCode.InvalidParams, `Invalid params for ${method}: ${detail}`);
        }
        throw error;
      }
    });
  }
}
