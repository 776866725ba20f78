import {
  type AuthInfo,
  createMcpHandler,
  type McpHttpHandler,
  type ServerContext,
  type ServerEventBus,
} from "@modelcontextprotocol/server";
import type { Config } from "../../config";
import { logEvent } from "../../lib/log";
import { LISTEN_LIMITS, type ListenLimits } from "../../workspace/changes";
import { hasLiveResources } from "../catalog";
import type { ToolContext } from "../define";
import { installedToolkits } from "../installed-toolkits";
import type { SessionProps } from "../props";
import { userContext } from "../user-context";
import { modernConfirmations } from "./confirm";
import { serveListen } from "./listen";
import { buildModernServer } from "./register";

/** Built once per isolate: the definitions do not change while it lives. */

export interface ModernRequest {
  request: Request;
  /** The body, already read and parsed once by the router. */
  parsedBody: unknown;
  env: Env;
  config: Config;
  props: SessionProps;
  /** The request's `ctx.waitUntil`: work that may finish after the reply (the activity log). */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * Serve one MCP 2026-07-28 request (MCP 2026-07-28, Streamable HTTP: one message per POST, no
 * session). The SDK's handler runs the protocol's validation ladder (envelope, headers, version,
 * capabilities), answers `server/discover`, and stamps `resultType`, cache hints and `serverInfo`.
 * It is strict (`legacy: "reject"`): the router sends every 2025-era request to the session object
 * instead. Built per request, so nothing of one caller can reach another's; what does not depend
 * on the request (the catalog, the instructions, each tool's JSON Schema) is built once per
 * isolate, and a `tools/call` builds only the tool it names.
 */
export async function serveModern(
  { request, parsedBody, env, config, props, waitUntil }: ModernRequest,
  limits: ListenLimits = LISTEN_LIMITS,
): Promise<Response> {
  const { catalog, instructions } = installedToolkits();
  const confirmations = modernConfirmations({ env, userId: props.userId, clientId: props.clientId });
  // Resource changes are served (and advertised) when the grant sees resources that announce them.
  const live = hasLiveResources(catalog, props.scopes);
  const handlerFor = (bus: ServerEventBus | undefined): McpHttpHandler =>
    createMcpHandler(
      () =>
        buildModernServer({
          catalog,
          scopes: props.scopes,
          instructions,
          live,
          context: (ctx) => ({
            ...modernToolContext(ctx, { env, config, props, waitUntil }),
            confirmations: confirmations.channel(ctx),
          }),
          called: calledBy(parsedBody),
          verifyRequestState: confirmations.verifyRequestState,
        }),
      {
        legacy: "reject",
        maxRequestBodySize: config.maxRequestBytes,
        keepAliveMs: limits.keepaliveMs,
        ...(bus && { bus }),
        onerror: (error) => logEvent("mcp_modern_refused", { error: error.message.slice(0, 200) }),
      },
    );
  const fetchOptions = { parsedBody, authInfo: authInfoOf(props) };
  if ((parsedBody as { method?: unknown } | null)?.method === "subscriptions/listen") {
    return serveListen({ request, parsedBody, env, userId: props.userId, live, limits, handlerFor, fetchOptions });
  }
  return handlerFor(undefined).fetch(request, fetchOptions);
}

/** The tool a `tools/call` names, or the prompt a `prompts/get` names. */
function calledBy(body: unknown): { tool?: string; prompt?: string } {
  if (typeof body !== "object" || body === null) return {};
  const { method, params } = body as { method?: unknown; params?: { name?: unknown } };
  const name = typeof params?.name === "string" ? params.name : undefined;
  if (method === "tools/call") return { tool: name };
  if (method === "prompts/get") return { prompt: name };
  return {};
}

/**
 * The SDK passes `authInfo` through to handlers; Outpost's handlers read the grant from `props`, so
 * it carries only what the SDK itself may look at. The token never leaves the OAuth layer.
 */
function authInfoOf(props: SessionProps): AuthInfo {
  return { token: "", clientId: props.clientId, scopes: [...props.scopes] };
}

function modernToolContext(
  ctx: ServerContext,
  request: { env: Env; config: Config; props: SessionProps; waitUntil?: (promise: Promise<unknown>) => void },
): ToolContext {
  const { env, config, props, waitUntil } = request;
  const progressToken = ctx.mcpReq._meta?.progressToken;
  return {
    props,
    ...userContext({ env, userId: props.userId }),
    ...(waitUntil ? { waitUntil } : {}),
    env,
    config,
    // Aborted when the client closes the request's stream: that is how a 2026-07-28 client cancels.
    signal: ctx.mcpReq.signal,
    // The SDK emits it only when the request's `_meta` asks for this level (MCP 2026-07-28 "Logging").
    log: (level, data) => ctx.mcpReq.log(level, data, "outpost"),
    async progress(progress, total, message) {
      if (progressToken === undefined) return;
      await ctx.mcpReq.notify({
        method: "notifications/progress",
        params: { progressToken, progress, ...(total !== undefined && { total }), ...(message && { message }) },
      });
    },
  };
}
