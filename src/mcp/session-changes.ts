import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { logEvent } from "../lib/log";
import type { ResourceChange } from "../workspace/changes";
import { openUserWorkspace } from "../workspace/open";
import { type Catalog, hasLiveResources } from "./catalog";
import type { SessionProps } from "./props";

/** A session in use names itself to its workspace at most this often per wake. */
const WATCH_INTERVAL_MS = 60_000;

/**
 * A 2025-era session's part in live changes (src/workspace/session-watchers.ts): while in use it
 * names its object to the user's workspace, which calls it back on every write; it tells its client
 * that the resource list changed. A session object hibernates for days, so it holds no socket: the
 * workspace keeps the names, for `sessionWatchMs` after the last one.
 */
export class SessionChanges {
  /** When this wake last named the session (in memory: a new wake names it again). */
  private watchedAt = 0;

  constructor(
    private readonly options: {
      env: Pick<Env, "WORKSPACE">;
      catalog: Catalog;
      /** The session object's id, as `DurableObjectId.toString()` spells it. */
      objectId: string;
      waitUntil(promise: Promise<unknown>): void;
    },
  ) {}

  /** On a request of the session's owner: keep hearing changes, off the request's path. */
  watch(caller: SessionProps, now: number): void {
    const { env, catalog, objectId, waitUntil } = this.options;
    if (now - this.watchedAt < WATCH_INTERVAL_MS || !hasLiveResources(catalog, caller.scopes)) return;
    this.watchedAt = now;
    const watching = openUserWorkspace(env, caller.userId).watchChanges(objectId);
    waitUntil(
      watching.catch((error: unknown) => logEvent("session_watch_failed", { error: String(error).slice(0, 200) })),
    );
  }

  /** The session ends: stop hearing at once rather than when the name expires. */
  async unwatch(owner: string): Promise<void> {
    await openUserWorkspace(this.options.env, owner)
      .unwatchChanges(this.options.objectId)
      .catch(() => undefined);
  }

  /**
   * The user's workspace changed: tell the client that the resource list changed (MCP 2025-11-25
   * "Resources", List Changed Notification). The SDK sends it on the open stream that carries
   * server messages (the standalone GET stream, or the legacy SSE stream); with none open there is
   * nobody to tell.
   */
  async relay(server: McpServer, props: SessionProps | undefined, changes: readonly ResourceChange[]): Promise<void> {
    if (!props || !hasLiveResources(this.options.catalog, props.scopes)) return;
    if (!changes.some((change) => change.kind === "resources_list_changed")) return;
    try {
      await server.server.sendResourceListChanged();
    } catch {
      // Not connected: no stream is open to carry it.
    }
  }
}
