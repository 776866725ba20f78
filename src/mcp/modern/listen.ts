import type {
  McpHandlerRequestOptions,
  McpHttpHandler,
  ServerEvent,
  ServerEventBus,
} from "@modelcontextprotocol/server";
import { type ChangeFilter, type ListenLimits, parseResourceChange } from "../../workspace/changes";
import { openChangeFeed } from "../../workspace/open";

/**
 * `subscriptions/listen` on the 2026-07-28 leg (MCP 2026-07-28 "Subscriptions"). The SDK's handler
 * owns the wire (the acknowledgement first, filtering, the subscription id on every message, the
 * `complete` result that ends a stream, keepalive comments); Outpost supplies the events. The
 * SDK's default bus lives in one isolate, while a write comes from any isolate (a phone on a 2025
 * session, another request): so each stream's bus is a socket to the user's own `Workspace`
 * object, which sees every write of the user's notes and files and fans it out
 * (src/workspace/change-feed.ts). A user's object holds only that user's listeners, so no stream
 * can hear another user's changes.
 */
export async function serveListen(options: {
  request: Request;
  parsedBody: unknown;
  env: Pick<Env, "WORKSPACE">;
  userId: string;
  /** Whether the grant sees resources whose changes are announced (what the capabilities advertise). */
  live: boolean;
  limits: ListenLimits;
  /** The SDK handler for this request, fed by `bus` (the default in-isolate bus when undefined). */
  handlerFor: (bus: ServerEventBus | undefined) => McpHttpHandler;
  fetchOptions: McpHandlerRequestOptions;
}): Promise<Response> {
  const { request, parsedBody, env, userId, live, limits, handlerFor, fetchOptions } = options;
  const filter = live ? requestedFilter(parsedBody) : undefined;
  // Nothing Outpost would deliver, or params the SDK refuses (-32602): the SDK answers on its own
  // (an acknowledgement with an empty filter, then `complete`), and no socket is opened.
  if (!filter) return handlerFor(undefined).fetch(request, fetchOptions);

  const id = (parsedBody as { id?: string | number }).id ?? null;
  if (filter.uris.length > limits.maxResourceSubscriptions) {
    return rpcError(
      id,
      -32602,
      `Invalid params: at most ${limits.maxResourceSubscriptions} resourceSubscriptions per listen stream (got ${filter.uris.length}).`,
    );
  }
  if (filter.uris.some((uri) => uri.length > limits.maxUriLength)) {
    return rpcError(
      id,
      -32602,
      `Invalid params: a resource URI in resourceSubscriptions is longer than ${limits.maxUriLength} characters.`,
    );
  }
  const opened = await openChangeFeed(env, userId, filter);
  // The SDK's own capacity refusal is -32603 "Subscription limit reached", in-band with HTTP 200; the same here.
  if ("refusal" in opened)
    return rpcError(id, opened.refusal.error === "too_many_listeners" ? -32603 : -32602, opened.refusal.message);

  let lifetime: ReturnType<typeof setTimeout> | undefined;
  const bus = new WorkspaceChangeBus(opened.socket, {
    // The object went away (a deploy, a reset): end the stream cleanly so the client listens again.
    lost: () => void handler.close(),
    released: () => clearTimeout(lifetime),
  });
  const handler = handlerFor(bus);
  lifetime = setTimeout(() => void handler.close(), limits.lifetimeMs);
  try {
    const response = await handler.fetch(request, fetchOptions);
    // The SDK answered without opening a stream (a refused envelope or header): free the place now.
    if (!bus.subscribed) bus.release();
    return response;
  } catch (error) {
    bus.release();
    throw error;
  }
}

/**
 * What the request asks for that Outpost serves: the resource list and resource subscriptions.
 * Undefined when that is nothing, or when the params are malformed (the SDK then answers -32602).
 * Tool and prompt lists change only with a deploy or a new token, so they are not served.
 */
function requestedFilter(body: unknown): ChangeFilter | undefined {
  const notifications = (body as { params?: { notifications?: unknown } } | null)?.params?.notifications;
  if (typeof notifications !== "object" || notifications === null) return undefined;
  const { resourcesListChanged, resourceSubscriptions } = notifications as Record<string, unknown>;
  if (
    resourceSubscriptions !== undefined &&
    !(Array.isArray(resourceSubscriptions) && resourceSubscriptions.every((uri) => typeof uri === "string"))
  )
    return undefined;
  const filter: ChangeFilter = {
    listChanged: resourcesListChanged === true,
    uris: [...new Set((resourceSubscriptions as string[] | undefined) ?? [])],
  };
  return filter.listChanged || filter.uris.length > 0 ? filter : undefined;
}

function rpcError(id: string | number | null, code: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", id, error: { code, message } }, { status: 200 });
}

/**
 * A `ServerEventBus` over one socket to the user's `Workspace` object: the stream's one listener
 * hears what the object sends. Releasing it (the stream ended, was cancelled, or never started)
 * closes the socket, which takes the listener out of the object's set.
 */
export class WorkspaceChangeBus implements ServerEventBus {
  #subscribed = false;
  #released = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly hooks: { lost(): void; released(): void },
  ) {}

  get subscribed(): boolean {
    return this.#subscribed;
  }

  /** Changes are published by the `Workspace` object on each write, never through a stream's handler. */
  publish(_event: ServerEvent): void {
    throw new Error("Workspace changes are published by the user's Workspace object, not through the listen handler.");
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.#subscribed = true;
    const onMessage = (event: MessageEvent) => {
      const change = parseResourceChange(event.data);
      if (change) listener(change);
    };
    const onGone = () => {
      if (!this.#released) this.hooks.lost();
    };
    this.socket.addEventListener("message", onMessage);
    this.socket.addEventListener("close", onGone);
    this.socket.addEventListener("error", onGone);
    return () => {
      this.socket.removeEventListener("message", onMessage);
      this.socket.removeEventListener("close", onGone);
      this.socket.removeEventListener("error", onGone);
      this.release();
    };
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    try {
      this.socket.close(1000, "listen stream ended");
    } catch {
      // Already closed by the object.
    }
    this.hooks.released();
  }
}
