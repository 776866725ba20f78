/** A fresh user per test (its own Workspace object), with an MCP session and short call helpers. */
import { tokensFor } from "../../helpers/grants";
import { ALL_SCOPES, callTool, openSession, rpc } from "../../helpers/worker";

export interface WorkspaceUser {
  subject: string;
  token: string;
  session: string;
  /** tools/call; returns the JSON-RPC reply. */
  call(name: string, args?: Record<string, unknown>): Promise<Record<string, any>>;
  /** tools/call that must succeed; returns the structured content. */
  ok(name: string, args?: Record<string, unknown>): Promise<Record<string, any>>;
  rpc(method: string, params?: Record<string, unknown>): Promise<Record<string, any>>;
}

let counter = 0;

export async function newUser(
  scopes: string[] = ALL_SCOPES,
  subject = `test:ws-${Date.now()}-${counter++}`,
): Promise<WorkspaceUser> {
  const token = (await tokensFor(subject, scopes)).access_token;
  const session = await openSession(token);
  const call = (name: string, args: Record<string, unknown> = {}) => callTool(token, session, name, args);
  return {
    subject,
    token,
    session,
    call,
    async ok(name, args = {}) {
      const reply = await call(name, args);
      if (reply.error || reply.result?.isError)
        throw new Error(`${name} failed: ${JSON.stringify(reply.error ?? reply.result.content)}`);
      return reply.result.structuredContent;
    },
    rpc: (method, params = {}) => rpc(token, session, method, params),
  };
}

/** The text blocks of a tool result, joined. */
export function textOf(reply: Record<string, any>): string {
  return (reply.result?.content ?? [])
    .filter((block: { type: string }) => block.type === "text")
    .map((block: { text: string }) => block.text)
    .join("\n");
}
