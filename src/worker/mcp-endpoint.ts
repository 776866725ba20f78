import type { GrantProps, SessionProps } from "../auth/props";
import { readConfig } from "../config";
import { OutpostSession } from "../mcp/agent";
import { serveModern } from "../mcp/modern/handler";
import { MCP_PATH, SSE_PATH } from "./endpoint-paths";
import { routeByEra } from "./era-router";
import { jsonError, jsonRpcError, RpcCode } from "./http-error";
import { checkMessagePost } from "./message-guard";
import { forbiddenOrigin, isAllowedOrigin } from "./origin-guard";
import { checkSessionOwner } from "./session-guard";
import { withSseKeepalive } from "./sse-keepalive";

export { MCP_PATH, SSE_PATH };
const SSE_MESSAGE_PATH = `${SSE_PATH}/message`;

const streamable = OutpostSession.serve(MCP_PATH, { binding: "MCP_OBJECT", transport: "streamable-http" });
const legacySse = OutpostSession.serve(SSE_PATH, { binding: "MCP_OBJECT", transport: "sse" });

/** The token check's output, as OAuthProvider hands it to an API handler. */
type ProtectedContext = ExecutionContext & {
  props: GrantProps;
  auth: { scope: string[]; clientId?: string; userId?: string };
};

/**
 * The protected MCP endpoints (`/mcp` Streamable HTTP, `/sse` legacy HTTP+SSE). OAuthProvider has
 * already answered 401 to anything without a valid token. Then, in order: Origin (403), the era
 * router (a 2026-07-28 request on `/mcp` goes to the stateless handler), and for 2025-era requests
 * method (405), message checks (406/413/415/400), session ownership (404), and McpAgent.
 */
export const mcpEndpoint = {
  async fetch(request: Request, env: Env, ctx: ProtectedContext): Promise<Response> {
    const config = readConfig(env);
    if (!isAllowedOrigin(request, config)) return forbiddenOrigin(request);

    const url = new URL(request.url);
    const props = sessionProps(ctx);
    // McpAgent reads ctx.props when it creates a session object: give it the refreshed view.
    (ctx as { props: unknown }).props = props;

    if (url.pathname === MCP_PATH) {
      const route = await routeByEra(request, { maxBytes: config.maxRequestBytes });
      if (route instanceof Response) return route;
      if (route.era === "modern") {
        return withBrowserAccess(await serveModern({ request: route.request, parsedBody: route.parsedBody, env, config, props }), request);
      }
      request = route.request;
    }

    const legacy = url.pathname === SSE_PATH || url.pathname === SSE_MESSAGE_PATH;
    if (!legacy && url.pathname !== MCP_PATH) return jsonError(404, "not_found", `No MCP endpoint at ${url.pathname}. Use ${MCP_PATH} (or ${SSE_PATH} for legacy SSE clients).`);

    const allowed = legacy ? (url.pathname === SSE_PATH ? ["GET"] : ["POST"]) : ["GET", "POST", "DELETE"];
    if (!allowed.includes(request.method)) {
      return jsonError(405, "method_not_allowed", `${request.method} is not supported on ${url.pathname}; use ${allowed.join(" or ")}.`, {
        Allow: [...allowed, "OPTIONS"].join(", "),
      });
    }

    let forwarded = request;
    let isInitialize = false;
    if (request.method === "POST") {
      const checked = await checkMessagePost(request, { maxBytes: config.maxRequestBytes, requireStreamAccept: !legacy });
      if (checked instanceof Response) return checked;
      isInitialize = checked.isInitialize;
      // McpAgent compares the media type case-sensitively and answers in plain text; the guard has
      // accepted it (media types are case-insensitive, RFC 9110 §8.3.1), so hand it the plain form.
      const headers = new Headers(request.headers);
      headers.set("Content-Type", "application/json");
      forwarded = new Request(request.url, { method: "POST", headers, body: checked.body });
    } else if (request.method === "GET" && !request.headers.get("Accept")?.includes("text/event-stream")) {
      return jsonError(406, "not_acceptable", "GET opens an event stream: send Accept: text/event-stream.");
    }
    if (!legacy && !isInitialize && !request.headers.has("Mcp-Session-Id")) {
      // Only initialize starts a session; McpAgent would answer anything else without one in plain text.
      return jsonRpcError(400, RpcCode.ServerError, `Bad Request: ${request.method} ${MCP_PATH} needs the Mcp-Session-Id header of a session started with initialize.`);
    }

    const sessionId = legacy ? url.searchParams.get("sessionId") : request.headers.get("Mcp-Session-Id");
    if (url.pathname === SSE_MESSAGE_PATH && sessionId === null) {
      return jsonRpcError(400, RpcCode.ServerError, `Bad Request: POST ${SSE_MESSAGE_PATH} needs the sessionId from the endpoint event of GET ${SSE_PATH}.`);
    }
    if (sessionId !== null && !(isInitialize && !legacy)) {
      const refusal = await checkSessionOwner(env.MCP_OBJECT, { transport: legacy ? "sse" : "streamable-http", sessionId }, props);
      if (refusal) return refusal;
    }

    const response = withBrowserAccess(await (legacy ? legacySse : streamable).fetch(forwarded, env, ctx), request);
    return request.method === "GET" ? withSseKeepalive(response) : response;
  },
};

/**
 * McpAgent answers `Access-Control-Allow-Origin: *`. The Origin guard has already accepted this
 * origin, so name it instead, and keep the session and protocol headers readable by browser
 * clients such as the AI Playground (anchors.md §3, item 15).
 */
function withBrowserAccess(response: Response, request: Request): Response {
  const origin = request.headers.get("Origin");
  if (!origin) return response;
  const headers = new Headers(response.headers);
  headers.set("Access-Control-Allow-Origin", origin);
  headers.append("Vary", "Origin");
  headers.set("Access-Control-Expose-Headers", "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate, Retry-After");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Build this request's session props from the grant and the token (scopes and client come from the token). */
function sessionProps(ctx: ProtectedContext): SessionProps {
  return {
    userId: ctx.auth.userId ?? ctx.props.userId,
    displayName: ctx.props.displayName,
    identity: ctx.props.identity,
    clientId: ctx.auth.clientId ?? "",
    clientName: ctx.props.clientName,
    scopes: ctx.auth.scope.filter((scope) => scope !== "offline_access"),
  };
}
