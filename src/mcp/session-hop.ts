import type { SessionProps } from "./props";

/**
 * What the worker tells a session object about a request, carried on the request McpAgent already
 * sends the object (see agent-adapter.ts), so the owner check costs no round trip of its own.
 * Only the worker can reach a session object, and it always overwrites this header.
 */
export const HOP_HEADER = "outpost-session-hop";

export interface SessionHop {
  /** The caller's props, rebuilt from the token on this request. */
  caller: SessionProps;
  /** The POST is a JSON-RPC batch whose version the worker could not judge from the headers. */
  batch: boolean;
}

/** Why a session object refuses a request; the worker renders it as an HTTP answer. */
export type Refusal =
  | { kind: "not-found" }
  /** Legacy SSE: the GET stream that would carry the reply is closed. */
  | { kind: "stream-gone" }
  /** A batch on a session that negotiated `version`, which has no batching. */
  | { kind: "batch"; version: string };

export function encodeHop(hop: SessionHop): string {
  return encodeURIComponent(JSON.stringify(hop));
}

export function decodeHop(value: string | null | undefined): SessionHop | undefined {
  if (!value) return undefined;
  try {
    const hop = JSON.parse(decodeURIComponent(value)) as SessionHop;
    return typeof hop?.caller?.userId === "string" ? hop : undefined;
  } catch {
    return undefined;
  }
}

const REFUSAL_HEADER = "outpost-session-refusal";
const REFUSAL_PREFIX = "outpost-session-refusal:";

/** A refusal as the object's `fetch` answers it: never a WebSocket, so McpAgent cannot serve it. */
export function refusalResponse(refusal: Refusal): Response {
  return new Response(null, { status: 404, headers: { [REFUSAL_HEADER]: JSON.stringify(refusal) } });
}

/** A refusal as `onSSEMcpMessage` returns it (McpAgent's contract there is `Error | null`). */
export function refusalError(refusal: Refusal): Error {
  return new Error(`${REFUSAL_PREFIX}${JSON.stringify(refusal)}`);
}

/** The refusal in an object's answer, if it is one. */
export function refusalIn(answer: unknown): Refusal | undefined {
  const text =
    answer instanceof Response
      ? answer.headers.get(REFUSAL_HEADER)
      : answer instanceof Error && answer.message.startsWith(REFUSAL_PREFIX)
        ? answer.message.slice(REFUSAL_PREFIX.length)
        : null;
  return text ? (JSON.parse(text) as Refusal) : undefined;
}
