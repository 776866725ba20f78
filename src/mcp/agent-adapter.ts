import { OutpostSession } from "./agent";
import { MCP_PATH, SSE_PATH } from "./endpoint-paths";
import type { SessionProps } from "./props";
import { encodeHop, HOP_HEADER, type Refusal, refusalIn, type SessionHop } from "./session-hop";

/**
 * The one place that relies on how McpAgent (agents 0.32) reaches a session object. Each
 * behaviour below is pinned by test/worker/agent-adapter.test.ts, which fails if agents changes it:
 *
 * 1. `McpAgent.serve` finds the namespace as `env[binding]` and uses only `idFromName`,
 *    `newUniqueId` and `get` on it, so a wrapping namespace sees every call to the object.
 * 2. It copies every header of the request it is given onto what it sends the object: the
 *    WebSocket upgrade to the object's `fetch` (Streamable HTTP POST and GET, legacy GET) and
 *    `extraInfo.requestInfo.headers` of `onSSEMcpMessage` (legacy POST). That carries the
 *    session hop (session-hop.ts), so the owner check rides on a call McpAgent makes anyway.
 * 3. It does not catch what the stub's `fetch` or `onSSEMcpMessage` throw, so a refusal thrown
 *    there comes out of `serve` untouched.
 * 4. `ctx.props` reaches the object only when McpAgent starts it (`onStart(props)`), which a cold
 *    object takes as its stored props. So props go along only on requests that create a session;
 *    every other request carries them in the hop, where the object checks them first.
 * 5. Its bridge socket to the object stays open when the client abandons the stream; the object
 *    would keep sending into it. Closing it when the client cancels tells the object at once.
 */
const handlers = {
  "streamable-http": OutpostSession.serve(MCP_PATH, { binding: "MCP_OBJECT", transport: "streamable-http" }),
  sse: OutpostSession.serve(SSE_PATH, { binding: "MCP_OBJECT", transport: "sse" }),
};

export type Transport = keyof typeof handlers;

export interface Forward {
  transport: Transport;
  /** The caller's props, checked by the object before anything else. */
  caller: SessionProps;
  /** This request creates a session (Streamable HTTP initialize, a legacy GET without an id). */
  creates: boolean;
  /** A batch whose protocol version the session must judge. */
  batch: boolean;
}

/**
 * Hand `request` (headers mutable) to McpAgent for `forward.transport`. Returns McpAgent's answer,
 * or the session object's refusal for the caller to render.
 */
export async function forwardToSession(
  request: Request,
  forward: Forward,
  env: Env,
  ctx: ExecutionContext,
): Promise<Response | Refusal> {
  const hop: SessionHop = { caller: forward.caller, batch: forward.batch };
  request.headers.set(HOP_HEADER, encodeHop(hop));
  (ctx as { props?: unknown }).props = forward.creates ? forward.caller : undefined;
  let socket: WebSocket | undefined;
  const namespace = refusingNamespace(env.MCP_OBJECT, (opened) => {
    socket = opened;
  });
  try {
    const response = await handlers[forward.transport].fetch(request, { MCP_OBJECT: namespace }, ctx);
    return socket ? closingSocketOnCancel(response, socket) : response;
  } catch (error) {
    if (error instanceof SessionRefusal) return error.refusal;
    throw error;
  }
}

class SessionRefusal extends Error {
  constructor(readonly refusal: Refusal) {
    super(`session refused the request: ${refusal.kind}`);
  }
}

function refusingNamespace(
  namespace: DurableObjectNamespace,
  onSocket: (socket: WebSocket) => void,
): DurableObjectNamespace {
  const wrapped: Partial<DurableObjectNamespace> = {
    newUniqueId: (options) => namespace.newUniqueId(options),
    idFromName: (name) => namespace.idFromName(name),
    idFromString: (id) => namespace.idFromString(id),
    get: (id, options) => refusingStub(namespace.get(id, options), onSocket),
    jurisdiction: (jurisdiction) => refusingNamespace(namespace.jurisdiction(jurisdiction), onSocket),
  };
  return wrapped as DurableObjectNamespace;
}

/** The object's stub, with a refusal in `fetch` or `onSSEMcpMessage` turned into a throw (behaviour 3). */
function refusingStub(stub: DurableObjectStub, onSocket: (socket: WebSocket) => void): DurableObjectStub {
  const refuseOr = <T>(answer: T): T => {
    const refusal = refusalIn(answer);
    if (refusal) throw new SessionRefusal(refusal);
    return answer;
  };
  return new Proxy(stub, {
    get(target, property) {
      if (property === "fetch") {
        return async (input: Request) => {
          const response = refuseOr(await target.fetch(input));
          if (response.webSocket) onSocket(response.webSocket);
          return response;
        };
      }
      if (property === "onSSEMcpMessage") {
        const method = (target as unknown as { onSSEMcpMessage: (...args: unknown[]) => Promise<unknown> })
          .onSSEMcpMessage;
        return async (...args: unknown[]) => refuseOr(await method(...args));
      }
      return Reflect.get(target, property);
    },
  });
}

/** Pass the body through; when the client cancels it, close McpAgent's bridge socket (behaviour 5). */
function closingSocketOnCancel(response: Response, socket: WebSocket): Response {
  if (!response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel(reason) {
      try {
        socket.close(1000, "The client closed the stream.");
      } catch {
        // Already closed by the object.
      }
      return reader.cancel(reason);
    },
  });
  return new Response(body, response);
}
