import type { SessionProps } from "../auth/props";
import type { BindResult, OutpostSession } from "../mcp/agent";
import { jsonRpcError, RpcCode } from "./http-error";

/** McpAgent session ids are 64 hex characters; anything else cannot name a session. */
const SESSION_ID = /^[0-9a-f]{64}$/;

/**
 * Bind a request to its session: only the user who created a session may use it, and the session
 * object gets this request's props first (platform.md §2, defect 1). Both "no such session" and
 * "someone else's session" answer 404, so a session id is never confirmed to another user.
 * Returns undefined when the request may proceed.
 */
export async function checkSessionOwner(
  namespace: DurableObjectNamespace,
  objectName: { transport: "streamable-http" | "sse"; sessionId: string },
  props: SessionProps,
): Promise<Response | undefined> {
  if (!SESSION_ID.test(objectName.sessionId)) return sessionNotFound();
  // A plain stub, not getAgentByName: that helper spends a round trip on __unsafe_ensureInitialized
  // before the first call, and agents already starts a cold object (onStart loads stored props)
  // before any async method of ours entered over RPC runs. One hop instead of two on every request.
  const session = namespace.get(
    namespace.idFromName(`${objectName.transport}:${objectName.sessionId}`),
  ) as DurableObjectStub<OutpostSession>;
  const result: BindResult = await session.bindSession(props);
  return result === "ok" ? undefined : sessionNotFound();
}

export function sessionNotFound(): Response {
  // -32001 and 404: the client must start a new session (MCP 2025-11-25, Transports, "Session Management").
  return jsonRpcError(404, RpcCode.SessionNotFound, "Session not found: it ended, expired, or belongs to another user. Start a new session with initialize.");
}
