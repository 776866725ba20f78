import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker-provider.js";
import { McpAgent } from "agents/mcp";
import { type Config, readConfig } from "../config";
import { logEvent } from "../lib/log";
import type { ResourceChange } from "../workspace/changes";
import type { Scratchpad, ToolContext } from "./define";
import { installedToolkits } from "./installed-toolkits";
import { passesLevel } from "./log-level";
import type { SessionProps } from "./props";
import { ASSUMED_PROTOCOL_VERSION, allowsBatches } from "./protocol-versions";
import { registerToolkits } from "./register";
import { type RequestExtra, wrapHandler } from "./sdk-v1-handler-table";
import { SERVER_INFO } from "./server-info";
import { SessionChanges } from "./session-changes";
import { sessionConfirmations } from "./session-confirm";
import { decodeHop, HOP_HEADER, type Refusal, refusalError, refusalResponse, type SessionHop } from "./session-hop";
import {
  emptySessionState,
  emptySessionUsage,
  type SessionState,
  type SessionStore,
  type SessionUsage,
} from "./session-store";
import { userContext } from "./user-context";
import { APPS_EXTENSION_ID, isLoggingLevel } from "./wire";

/** Built once per isolate: the definitions do not change while it lives. */

export { SERVER_INFO };

const OWNER_KEY = "outpost:owner";
const LAST_SEEN_KEY = "outpost:last-seen";
const EXPIRY_KEY = "outpost:expiry-scheduled";
const USAGE_KEY = "outpost:usage";
/** The protocol version the session negotiated at initialize (it decides whether batches are allowed). */
const PROTOCOL_VERSION_KEY = "outpost:protocol-version";

/** lastSeen is written at most this often: idle expiry needs minutes, not milliseconds. */
const LAST_SEEN_GRANULARITY_MS = 60_000;
/** An object woken for an unknown session id keeps nothing; it is wiped this soon. */
const UNKNOWN_SESSION_TTL_SECONDS = 60;

/** What `bindSession` tells the worker: serve the request, or answer 404. */
export type BindResult = "ok" | "not-found";

/**
 * One MCP session (Streamable HTTP or legacy SSE), in its own Durable Object. On top of McpAgent:
 * the session is bound to the user who created it, props are refreshed on every request (both
 * checked on the request McpAgent forwards, see agent-adapter.ts), and an idle session destroys
 * itself with its storage (platform.md §2, defects 1 and 3).
 */
export class OutpostSession extends McpAgent<Env, SessionState, SessionProps> {
  server = new McpServer(SERVER_INFO, {
    // Resource list changes are sent (session-changes.ts); tool and prompt lists change only
    // with a deploy or a new grant, so their list_changed is not promised.
    capabilities: {
      tools: { listChanged: false },
      resources: { listChanged: true },
      prompts: { listChanged: false },
      logging: {},
      completions: {},
      // MCP Apps: tools may name a `ui://` view (the extension defines no server settings).
      extensions: { [APPS_EXTENSION_ID]: {} },
    },
    // The default (Ajv) compiles schemas with `new Function`, which Workers forbid: elicitation
    // (`server.server.elicitInput`) would fail at run time without this (platform.md §2).
    jsonSchemaValidator: new CfWorkerJsonSchemaValidator(),
    instructions: installedToolkits().instructions,
  });

  override initialState: SessionState = emptySessionState();

  private parsedConfig: Config | undefined;
  /** Hearing about the user's resource changes and telling the client (session-changes.ts). */
  private readonly resourceChanges = new SessionChanges({
    env: this.env,
    catalog: installedToolkits().catalog,
    objectId: this.ctx.id.toString(),
    waitUntil: (promise) => this.ctx.waitUntil(promise),
  });
  /** The stored usage record, read once per wake and then kept current in memory. */
  private cachedUsage: SessionUsage | undefined;

  /** The object's env is fixed for its lifetime: parse it once, not on every request and call. */
  private get config(): Config {
    this.parsedConfig ??= readConfig(this.env);
    return this.parsedConfig;
  }

  async init(): Promise<void> {
    registerToolkits(this.server, installedToolkits().catalog, (extra) => this.toolContext(extra));
    // registerTool and registerPrompt declare listChanged: true; nothing here ever sends one.
    this.server.server.registerCapabilities({ tools: { listChanged: false }, prompts: { listChanged: false } });
    this.rememberLogLevel();
    this.rememberProtocolVersion();
  }

  /**
   * No stream resumption: without an event store McpAgent sends events without ids, so clients
   * never send Last-Event-ID (the worker refuses one with 400). McpAgent's store deletes a POST
   * stream's events as soon as its final response is produced, delivered or not, so the message a
   * resuming client needs most was always gone and its GET waited forever. Replaying correctly
   * would mean keeping every event until an acknowledgement SSE cannot express, and a resumed GET
   * that closes after the final reply; the edge keeps streams alive with keepalives instead. It
   * also saves storage writes on every call.
   */
  protected override getEventStore(): undefined {
    return undefined;
  }

  /** Record the negotiated version: it decides whether JSON-RPC batches are allowed on this session. */
  private rememberProtocolVersion(): void {
    wrapHandler(this.server, "initialize", (original) => async (request, extra) => {
      const result = await original(request, extra);
      const version = result.protocolVersion;
      if (typeof version === "string" && this.ctx.storage.kv.get(PROTOCOL_VERSION_KEY) !== version)
        this.ctx.storage.kv.put(PROTOCOL_VERSION_KEY, version);
      return result;
    });
  }

  /** Persist `logging/setLevel` so the choice survives eviction (the SDK keeps it in memory only). */
  private rememberLogLevel(): void {
    wrapHandler(this.server, "logging/setLevel", (original) => async (request, extra) => {
      const result = await original(request, extra);
      const level = (request as { params?: { level?: unknown } }).params?.level;
      if (isLoggingLevel(level)) this.setState({ ...this.state, logLevel: level });
      return result;
    });
  }

  /**
   * Runs once per wake. Props arrive only when the worker creates the session: its creator owns it.
   * An object woken for an id nobody created keeps nothing: it is wiped soon.
   */
  override async onStart(props?: SessionProps): Promise<void> {
    await super.onStart(props);
    if (await this.ctx.storage.get<string>(OWNER_KEY)) return;
    if (props?.userId) {
      await this.ctx.storage.put(OWNER_KEY, props.userId);
      this.setState({ ...this.state, createdAt: Date.now() });
      await this.touch(Date.now());
    } else {
      await this.ensureExpiry(Date.now() + UNKNOWN_SESSION_TTL_SECONDS * 1000);
    }
  }

  /** McpAgent's hop into the object for Streamable HTTP POST and GET and the legacy GET. */
  override async fetch(request: Request): Promise<Response> {
    const refusal = await this.admit(decodeHop(request.headers.get(HOP_HEADER)), { legacyMessage: false });
    if (refusal) return refusalResponse(refusal);
    const headers = new Headers(request.headers);
    headers.delete(HOP_HEADER);
    return super.fetch(new Request(request, { headers }));
  }

  /** McpAgent's hop for a legacy POST to `/sse/message`. */
  override async onSSEMcpMessage(
    sessionId: string,
    messageBody: unknown,
    extraInfo?: MessageExtraInfo,
  ): Promise<Error | null> {
    const headers = (extraInfo?.requestInfo?.headers ?? {}) as Record<string, string | string[] | undefined>;
    const hop = decodeHop(headers[HOP_HEADER] as string | undefined);
    delete headers[HOP_HEADER];
    const refusal = await this.admit(hop, { legacyMessage: true });
    if (refusal) return refusalError(refusal);
    // McpAgent's legacy transport takes one message at a time; a batch (2025-03-26) is answered
    // message by message on the stream.
    for (const message of Array.isArray(messageBody) ? messageBody : [messageBody]) {
      const error = await super.onSSEMcpMessage(sessionId, message, extraInfo);
      // A plain Error: McpAgent's (a ZodError) cannot cross RPC, which turned it into a 503.
      if (error) return new Error(error.message);
    }
    return null;
  }

  /**
   * Called by the worker before a DELETE (the one request McpAgent forwards without a hop). Refuses
   * a caller who is not the owner, as `admit` does.
   */
  async bindSession(caller: SessionProps): Promise<BindResult> {
    return (await this.admit({ caller, batch: false }, { legacyMessage: false })) ? "not-found" : "ok";
  }

  /**
   * The check in front of every request that names this session: only its owner is served (404
   * otherwise, as for an unknown session: the id must not be confirmed to anyone else); a legacy
   * message needs the open stream that will carry its reply; a batch needs a session that
   * negotiated a version with batching. Then the caller's props replace stored ones when they
   * differ (re-authorization) and the session counts as used.
   */
  private async admit(hop: SessionHop | undefined, use: { legacyMessage: boolean }): Promise<Refusal | undefined> {
    const owner = await this.ctx.storage.get<string>(OWNER_KEY);
    if (!hop || !owner) return { kind: "not-found" };
    if (owner !== hop.caller.userId) {
      logEvent("session_owner_mismatch", { transport: this.getTransportType() });
      return { kind: "not-found" };
    }
    if (await this.grantRevoked(owner, hop.caller)) {
      logEvent("session_grant_revoked", { transport: this.getTransportType() });
      return { kind: "not-found" };
    }
    if (use.legacyMessage && this.getWebSocket() === null) return { kind: "stream-gone" };
    if (hop.batch) {
      // A session from before this record existed counts as 2025-03-26, the spec's default.
      const version = this.ctx.storage.kv.get<string>(PROTOCOL_VERSION_KEY) ?? ASSUMED_PROTOCOL_VERSION;
      if (!allowsBatches(version)) return { kind: "batch", version };
    }
    if (JSON.stringify(this.props) !== JSON.stringify(hop.caller)) await this.updateProps(hop.caller);
    await this.touch(Date.now());
    this.resourceChanges.watch(hop.caller, Date.now());
    return undefined;
  }

  /** Called by the user's Workspace object on each write while this session is in use. */
  async announceResourceChanges(changes: ResourceChange[]): Promise<void> {
    // Native RPC can wake the object without McpAgent's start (stored props, the connected
    // server); agents' own entry points run this first, and so does this one.
    await this.__unsafe_ensureInitialized();
    await this.resourceChanges.relay(this.server, this.props as SessionProps | undefined, changes);
  }

  /**
   * A session belongs to the grant it was last used with. A caller with another grant (the same
   * user re-authorized) may take it over only while that grant still exists: once the owner revokes
   * it in the console, its sessions answer 404 like unknown ones. One KV read, and only when the
   * grant changes, never per request. Sessions from before grants were recorded are taken over.
   */
  private async grantRevoked(owner: string, caller: SessionProps): Promise<boolean> {
    const stored = (this.props as SessionProps | undefined)?.grantId;
    if (!stored || stored === caller.grantId) return false;
    return (await this.env.OAUTH_KV.get(`grant:${owner}:${stored}`)) === null;
  }

  /** Scheduled callback: destroy the session once it has been idle for the configured period. */
  async expireIfIdle(): Promise<void> {
    await this.ctx.storage.delete(EXPIRY_KEY);
    const owner = await this.ctx.storage.get<string>(OWNER_KEY);
    const lastSeen = await this.ctx.storage.get<number>(LAST_SEEN_KEY);
    const expiresAt = (lastSeen ?? 0) + this.idleMs();
    if (!owner || lastSeen === undefined || Date.now() >= expiresAt) {
      // An object woken for an unknown id was never used: it has no idle time to report.
      logEvent("session_expired", {
        transport: this.getTransportType(),
        reason: owner && lastSeen !== undefined ? "idle" : "never-used",
        idleSeconds: lastSeen === undefined ? undefined : Math.round((Date.now() - lastSeen) / 1000),
      });
      if (owner) await this.resourceChanges.unwatch(owner);
      await this.destroy();
      return;
    }
    await this.ensureExpiry(expiresAt);
  }

  private async touch(now: number): Promise<void> {
    const lastSeen = (await this.ctx.storage.get<number>(LAST_SEEN_KEY)) ?? 0;
    if (now - lastSeen >= LAST_SEEN_GRANULARITY_MS) await this.ctx.storage.put(LAST_SEEN_KEY, now);
    await this.ensureExpiry(now + this.idleMs());
  }

  /** Keep exactly one pending expiry check; it re-arms itself while the session is in use. */
  private async ensureExpiry(at: number): Promise<void> {
    if (await this.ctx.storage.get<boolean>(EXPIRY_KEY)) return;
    await this.ctx.storage.put(EXPIRY_KEY, true);
    // A distinct payload per schedule, so `idempotent` (which silences the agents warning about
    // scheduling in onStart) can never fold this into the row that is running now.
    await this.schedule(new Date(at), "expireIfIdle", { at }, { idempotent: true });
  }

  private idleMs(): number {
    return this.config.sessionIdleSeconds * 1000;
  }

  private toolContext(extra: RequestExtra): ToolContext {
    const agent = this;
    const progressToken = extra._meta?.progressToken;
    const props = this.props as SessionProps;
    return {
      // A getter, so a handler always sees the props of the current request.
      get props() {
        return agent.props as SessionProps;
      },
      session: this.sessionStore(),
      ...userContext({ env: this.env, userId: props.userId, sessionScratchpad: this.sessionScratchpad() }),
      env: this.env,
      config: this.config,
      signal: extra.signal,
      confirmations: sessionConfirmations(this.server.server, extra),
      waitUntil: (promise) => this.ctx.waitUntil(promise),
      async log(level, data) {
        if (!passesLevel(level, agent.state.logLevel)) return;
        await extra.sendNotification({ method: "notifications/message", params: { level, logger: "outpost", data } });
      },
      async progress(progress, total, message) {
        if (progressToken === undefined) return;
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress, ...(total !== undefined && { total }), ...(message && { message }) },
        });
      },
    };
  }

  /** A handle-less scratchpad call on a 2025-era session means the session's own scratchpad. */
  private sessionScratchpad(): Scratchpad {
    return {
      read: async () => this.state.scratchpad,
      write: async (entries) => this.setState({ ...this.state, scratchpad: entries }),
    };
  }

  private sessionStore(): SessionStore {
    return {
      id: this.getSessionId(),
      transport: this.getTransportType(),
      read: () => this.state,
      update: (change) => this.setState(change(this.state)),
      usage: () => this.usage(),
      recordCall: () => this.recordCall(),
    };
  }

  private usage(): SessionUsage {
    this.cachedUsage ??= this.ctx.storage.kv.get<SessionUsage>(USAGE_KEY) ?? emptySessionUsage();
    return this.cachedUsage;
  }

  /**
   * One small write per tool call, exact across eviction and hibernation (an in-memory counter
   * flushed now and then would lose the last calls before every idle spell). allowUnconfirmed: the
   * tool's answer does not wait for a counter to be confirmed durable.
   */
  private recordCall(): void {
    this.cachedUsage = { calls: this.usage().calls + 1, lastCallAt: Date.now() };
    void this.ctx.storage.put(USAGE_KEY, this.cachedUsage, { allowUnconfirmed: true });
  }
}
