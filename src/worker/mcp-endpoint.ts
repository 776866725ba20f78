import { publicOrigin, requestConfig } from "../config";
import { forwardToSession } from "../mcp/agent-adapter";
import { MCP_PATH, SSE_PATH } from "../mcp/endpoint-paths";
import { serveModern } from "../mcp/modern/handler";
import type { GrantProps, SessionProps } from "../mcp/props";
import { finishAgentResponse } from "./agent-response";
import { routeByEra } from "./era-router";
import { checkLegacyRequest } from "./legacy-request";
import { forbiddenOrigin, isAllowedOrigin } from "./origin-guard";
import { checkSessionOwner, refusalAnswer } from "./session-guard";

export { MCP_PATH, SSE_PATH };

/** The token check's output, as OAuthProvider hands it to an API handler. */
type ProtectedContext = ExecutionContext & {
  props: GrantProps;
  auth: { scope: string[]; clientId?: string; userId?: string; token?: string };
};

/**
 * The protected MCP endpoints (`/mcp` Streamable HTTP, `/sse` legacy HTTP+SSE). OAuthProvider has
 * already answered 401 to anything without a valid token. Then, in order: Origin (403), the era
 * router (a 2026-07-28 request on `/mcp` goes to the stateless handler), and for 2025-era requests
 * the worker's checks (legacy-request.ts: path, method, body, headers, session ids), the owner
 * check of a DELETE, and McpAgent, whose hop into the session object carries the owner check of
 * every other request (agent-adapter.ts).
 */
export const mcpEndpoint = {
  async fetch(request: Request, env: Env, ctx: ProtectedContext): Promise<Response> {
    const config = requestConfig(env);
    if (!isAllowedOrigin(request, config)) return forbiddenOrigin(request);

    const props = sessionProps(ctx, publicOrigin(config, request.url));
    if (new URL(request.url).pathname === MCP_PATH) {
      const route = await routeByEra(request, { maxBytes: config.maxRequestBytes });
      if (route instanceof Response) return route;
      if (route.era === "modern") {
        const waitUntil = (promise: Promise<unknown>) => ctx.waitUntil(promise);
        return withBrowserAccess(
          await serveModern({ request: route.request, parsedBody: route.parsedBody, env, config, props, waitUntil }),
          request,
        );
      }
      request = route.request;
    }

    const checked = await checkLegacyRequest(request, config);
    if (checked instanceof Response) return checked;
    if (checked.method === "DELETE" && checked.sessionId !== null) {
      const refusal = await checkSessionOwner(
        env.MCP_OBJECT,
        { transport: checked.transport, sessionId: checked.sessionId },
        props,
      );
      if (refusal) return refusal;
    }
    const answer = await forwardToSession(
      checked.forward,
      {
        transport: checked.transport,
        caller: props,
        creates: checked.creates,
        batch: checked.message?.isBatch ?? false,
      },
      env,
      ctx,
    );
    const response =
      answer instanceof Response ? await finishAgentResponse(answer, checked) : refusalAnswer(answer, checked);
    return withBrowserAccess(response, request);
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
function sessionProps(ctx: ProtectedContext, origin: string): SessionProps {
  return {
    origin,
    userId: ctx.auth.userId ?? ctx.props.userId,
    displayName: ctx.props.displayName,
    identity: ctx.props.identity,
    clientId: ctx.auth.clientId ?? "",
    clientName: ctx.props.clientName,
    scopes: ctx.auth.scope.filter((scope) => scope !== "offline_access"),
    ...grantIdOf(ctx.auth.token),
  };
}

/** The provider's tokens read `userId:grantId:secret`; only the grant id is kept, never the token. */
function grantIdOf(token: string | undefined): { grantId?: string } {
  const grantId = token?.split(":")[1];
  return grantId ? { grantId } : {};
}
