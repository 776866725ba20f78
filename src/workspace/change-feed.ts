import {
  type ChangeFilter,
  LISTEN_LIMITS,
  type ListenLimits,
  parseChangeFilter,
  type ResourceChange,
  wants,
} from "./changes";

/** The path and header a listener opens the feed with (a WebSocket upgrade to the user's object). */
export const CHANGE_FEED_PATH = "/changes";
export const CHANGE_FILTER_HEADER = "Outpost-Change-Filter";
/** The tag the object's listener sockets carry, so other sockets (none today) are never counted. */
const LISTENER_TAG = "listener";

/** What the object answers a listener it refuses (the worker turns it into a JSON-RPC error). */
export interface ChangeFeedRefusal {
  error: "too_many_listeners" | "invalid_filter" | "not_websocket";
  message: string;
}

/**
 * The fan-out inside one user's `Workspace` object. A listener is a hibernatable WebSocket
 * (`ctx.acceptWebSocket`) whose attachment is its filter: the object may hibernate between writes
 * with its listeners connected, and a write wakes it and reaches every one of them, whichever
 * isolate or machine holds the other end. A closed socket leaves the set by itself, so a closed
 * stream frees everything.
 */
export class ChangeFeed {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly limits: ListenLimits = LISTEN_LIMITS,
  ) {}

  /** Accept one listener, or refuse it with 400/429 and a `ChangeFeedRefusal`. */
  open(request: Request): Response {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return refuse(426, { error: "not_websocket", message: "The change feed is a WebSocket." });
    }
    let filter: ChangeFilter | undefined;
    try {
      filter = parseChangeFilter(JSON.parse(request.headers.get(CHANGE_FILTER_HEADER) ?? "null"), this.limits);
    } catch {
      filter = undefined;
    }
    if (!filter)
      return refuse(400, { error: "invalid_filter", message: "The change filter is missing or over its limits." });
    // Counted and accepted in one synchronous step: two listeners racing for the last place cannot both get it.
    if (this.count() >= this.limits.perUser) {
      return refuse(429, {
        error: "too_many_listeners",
        message:
          `Subscription limit reached: ${this.limits.perUser} listen streams are already open for this account. ` +
          `Close one, or wait: each stream ends after ${Math.round(this.limits.lifetimeMs / 60_000)} minutes, ` +
          `and one whose connection dropped is let go within ${Math.round((2 * this.limits.keepaliveMs) / 1000)} seconds.`,
      });
    }
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [LISTENER_TAG]);
    server.serializeAttachment(filter);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Tell every listener that asked for them about these changes (each change at most once per listener). */
  publish(changes: readonly ResourceChange[]): void {
    if (changes.length === 0) return;
    for (const socket of this.ctx.getWebSockets(LISTENER_TAG)) {
      const filter = socket.deserializeAttachment() as ChangeFilter | null;
      if (!filter) continue;
      for (const change of changes) {
        if (!wants(filter, change)) continue;
        try {
          socket.send(JSON.stringify(change));
        } catch {
          // A socket closing under us: its close handler removes it.
        }
      }
    }
  }

  /** Listeners connected now. */
  count(): number {
    return this.ctx.getWebSockets(LISTENER_TAG).length;
  }

  /** The other end went away: finish the closing handshake so the socket leaves the set. */
  closed(socket: WebSocket, code: number): void {
    try {
      // 1005/1006 (no status, abnormal) may not be sent back; anything else is echoed, per RFC 6455 §5.5.1.
      socket.close(code === 1005 || code === 1006 ? 1000 : code, "listener closed");
    } catch {
      // Already closed.
    }
  }
}

function refuse(status: number, refusal: ChangeFeedRefusal): Response {
  return Response.json(refusal, { status });
}
