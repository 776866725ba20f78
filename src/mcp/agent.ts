import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker-provider.js";
import { LoggingLevelSchema } from "@modelcontextprotocol/sdk/types.js";
import { McpAgent } from "agents/mcp";
import type { SessionProps } from "../auth/props";
import { type Config, readConfig } from "../config";
import { serverInstructions, toolkits } from "../toolkits";
import type { RequestExtra, ToolContext } from "./define";
import { logEvent } from "./log";
import { passesLevel } from "./log-level";
import { registerToolkits } from "./register";
import { SERVER_INFO } from "./server-info";
import { wrapHandler } from "./sdk-handlers";
import { emptySessionState, emptySessionUsage, type SessionState, type SessionStore, type SessionUsage } from "./session-store";

export { SERVER_INFO };

const OWNER_KEY = "outpost:owner";
const LAST_SEEN_KEY = "outpost:last-seen";
const EXPIRY_KEY = "outpost:expiry-scheduled";
const USAGE_KEY = "outpost:usage";
/** lastSeen is written at most this often: idle expiry needs minutes, not milliseconds. */
const LAST_SEEN_GRANULARITY_MS = 60_000;
/** An object woken for an unknown session id keeps nothing; it is wiped this soon. */
const UNKNOWN_SESSION_TTL_SECONDS = 60;

/** What `bindSession` tells the worker: serve the request, or answer 404. */
export type BindResult = "ok" | "not-found";

/**
 * One MCP session (Streamable HTTP or legacy SSE), in its own Durable Object. On top of McpAgent:
 * the session is bound to the user who created it, props are refreshed on every request, and an
 * idle session destroys itself with its storage (platform.md §2, defects 1 and 3).
 */
export class OutpostSession extends McpAgent<Env, SessionState, SessionProps> {
  server = new McpServer(SERVER_INFO, {
    capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, prompts: { listChanged: true }, logging: {}, completions: {} },
    // The default (Ajv) compiles schemas with `new Function`, which Workers forbid: elicitation
    // (`server.server.elicitInput`) would fail at run time without this (platform.md §2).
    jsonSchemaValidator: new CfWorkerJsonSchemaValidator(),
    instructions: serverInstructions(),
  });

  override initialState: SessionState = emptySessionState();

  private parsedConfig: Config | undefined;
  /** The stored usage record, read once per wake and then kept current in memory. */
  private cachedUsage: SessionUsage | undefined;

  /** The object's env is fixed for its lifetime: parse it once, not on every request and call. */
  private get config(): Config {
    this.parsedConfig ??= readConfig(this.env);
    return this.parsedConfig;
  }

  async init(): Promise<void> {
    registerToolkits(this.server, toolkits, (extra) => this.toolContext(extra));
    this.rememberLogLevel();
  }

  /** Persist `logging/setLevel` so the choice survives eviction (the SDK keeps it in memory only). */
  private rememberLogLevel(): void {
    wrapHandler(this.server, "logging/setLevel", (original) => async (request, extra) => {
      const result = await original(request, extra);
      const level = LoggingLevelSchema.safeParse((request as { params?: { level?: unknown } }).params?.level);
      if (level.success) this.setState({ ...this.state, logLevel: level.data });
      return result;
    });
  }

  /** Runs once per wake. Props arrive only when the worker creates the session: its creator owns it. */
  override async onStart(props?: SessionProps): Promise<void> {
    await super.onStart(props);
    if (props?.userId && !(await this.ctx.storage.get<string>(OWNER_KEY))) {
      await this.ctx.storage.put(OWNER_KEY, props.userId);
      this.setState({ ...this.state, createdAt: Date.now() });
      await this.touch(Date.now());
    }
  }

  /**
   * Called by the worker before every request that names this session. Refuses a caller who is not
   * the owner (404, as for an unknown session: the id must not be confirmed to anyone else), and
   * replaces stored props when the caller's token carries different ones (re-authorization).
   */
  async bindSession(caller: SessionProps): Promise<BindResult> {
    const owner = await this.ctx.storage.get<string>(OWNER_KEY);
    if (!owner) {
      await this.ensureExpiry(Date.now() + UNKNOWN_SESSION_TTL_SECONDS * 1000);
      return "not-found";
    }
    if (owner !== caller.userId) {
      logEvent("session_owner_mismatch", { transport: this.getTransportType() });
      return "not-found";
    }
    if (JSON.stringify(this.props) !== JSON.stringify(caller)) await this.updateProps(caller);
    await this.touch(Date.now());
    return "ok";
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
    return {
      // A getter, so a handler always sees the props of the current request.
      get props() {
        return agent.props as SessionProps;
      },
      session: this.sessionStore(),
      env: this.env,
      config: this.config,
      signal: extra.signal,
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
