import type { BindResult, OutpostSession } from "../mcp/agent";
import type { Transport } from "../mcp/agent-adapter";
import type { SessionProps } from "../mcp/props";
import type { Refusal } from "../mcp/session-hop";
import { jsonRpcError, RpcCode } from "./http-error";
import type { RequestId } from "./message-guard";
import { batchRefusal } from "./protocol-version";

/** McpAgent session ids are 64 hex characters; anything else cannot name a session. */
const SESSION_ID = /^[0-9a-f]{64}$/;

export function isSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}

/** What a client does when its session is gone, per transport. */
const START_AGAIN: Record<Transport, string> = {
  "streamable-http": "Start a new session with initialize.",
  sse: "Open a new event stream with GET /sse (no sessionId) and post to the endpoint it announces.",
};

/**
 * 404 with -32001: the client must start over (MCP 2025-11-25, Transports, "Session Management").
 * Unknown and foreign sessions get exactly this, so a session id is never confirmed to another user.
 */
export function sessionNotFound(transport: Transport, id: RequestId | null): Response {
  return jsonRpcError(
    404,
    RpcCode.SessionNotFound,
    `Session not found: it ended, expired, or belongs to another user. ${START_AGAIN[transport]}`,
    { id },
  );
}

/** The HTTP answer to a session object's refusal (see session-hop.ts). */
export function refusalAnswer(
  refusal: Refusal,
  context: { transport: Transport; replyId: RequestId | null },
): Response {
  switch (refusal.kind) {
    case "not-found":
      return sessionNotFound(context.transport, context.replyId);
    case "stream-gone":
      // Accepting the message would drop its reply: nothing carries it to the client any more.
      return jsonRpcError(
        404,
        RpcCode.SessionNotFound,
        `Session's event stream is closed, so its reply could not be delivered. ${START_AGAIN.sse}`,
        { id: context.replyId },
      );
    case "batch":
      return batchRefusal(`this session negotiated ${refusal.version}`);
  }
}

/**
 * The owner check for a DELETE, the one request McpAgent forwards without a hop that can carry it
 * (its teardown is an RPC call): one call to `bindSession` before McpAgent. Returns undefined when
 * the request may proceed.
 */
export async function checkSessionOwner(
  namespace: DurableObjectNamespace,
  session: { transport: Transport; sessionId: string },
  props: SessionProps,
): Promise<Response | undefined> {
  const stub = namespace.get(
    namespace.idFromName(`${session.transport}:${session.sessionId}`),
  ) as DurableObjectStub<OutpostSession>;
  const result: BindResult = await stub.bindSession(props);
  return result === "ok" ? undefined : sessionNotFound(session.transport, null);
}
