/**
 * The view's side of MCP Apps (spec 2026-01-26): JSON-RPC 2.0 over `postMessage` with the host
 * window. The package's `App` class does the same but bundles zod and the MCP client (650 KB
 * minified), four times the size budget of a view, so the few messages a view needs are spoken
 * here, typed by the package's own spec types. test/browser/views.test.ts runs every view against
 * the package's `AppBridge`.
 */
import type {
  McpUiHostContext,
  McpUiInitializeResult,
  McpUiToolInputNotification,
  McpUiToolResultNotification,
} from "@modelcontextprotocol/ext-apps";

/** The MCP Apps protocol revision this view speaks. */
const PROTOCOL_VERSION = "2026-01-26";
/** A host that never answers a request (or a tool call that hangs) ends in an error state, not a spinner. */
const REQUEST_TIMEOUT_MS = 30_000;

export type ToolResult = McpUiToolResultNotification["params"];
export type ToolArguments = NonNullable<McpUiToolInputNotification["params"]["arguments"]>;

export interface ViewHandlers {
  toolInput?(args: ToolArguments): void;
  toolResult(result: ToolResult): void;
  toolCancelled?(reason: string | undefined): void;
  hostContext(context: McpUiHostContext): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class HostConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private context: McpUiHostContext = {};

  constructor(private readonly handlers: ViewHandlers) {
    window.addEventListener("message", (event) => {
      // Only the host that embeds this view may talk to it.
      if (event.source !== window.parent) return;
      this.receive(event.data);
    });
  }

  get hostContext(): McpUiHostContext {
    return this.context;
  }

  /** `ui/initialize`, then `ui/notifications/initialized`; reports size changes from then on. */
  async connect(appName: string): Promise<void> {
    const result = (await this.request("ui/initialize", {
      appInfo: { name: appName, version: "1.0.0" },
      appCapabilities: {},
      protocolVersion: PROTOCOL_VERSION,
    })) as McpUiInitializeResult;
    this.context = result.hostContext ?? {};
    this.handlers.hostContext(this.context);
    this.notify("ui/notifications/initialized", {});
    this.watchSize();
  }

  /** `tools/call` through the host: the same server, the same grant and scopes as Claude's own calls. */
  async callServerTool(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    return (await this.request("tools/call", { name, arguments: args })) as ToolResult;
  }

  private watchSize(): void {
    let last = "";
    const report = () => {
      // The body's own box: the document's scroll height never drops below the frame's height, so
      // a view that got shorter would keep its old size.
      const box = document.body.getBoundingClientRect();
      const width = Math.ceil(box.width);
      const height = Math.ceil(box.height);
      const key = `${width}x${height}`;
      if (key === last) return;
      last = key;
      this.notify("ui/notifications/size-changed", { width, height });
    };
    new ResizeObserver(report).observe(document.body);
    report();
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error("The host did not answer in time."));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.post({ jsonrpc: "2.0", id, method, params });
    });
  }

  private notify(method: string, params: unknown): void {
    this.post({ jsonrpc: "2.0", method, params });
  }

  private post(message: unknown): void {
    // The view's own origin is opaque (a sandboxed frame), so the target cannot be narrowed.
    window.parent.postMessage(message, "*");
  }

  private receive(data: unknown): void {
    if (typeof data !== "object" || data === null || (data as { jsonrpc?: unknown }).jsonrpc !== "2.0") return;
    const message = data as {
      id?: number | string;
      method?: string;
      params?: Record<string, unknown>;
      result?: unknown;
      error?: { message?: string };
    };
    if (message.method === undefined && typeof message.id === "number") {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.error) pending.reject(new Error(message.error.message ?? "The host refused the request."));
      else pending.resolve(message.result);
      return;
    }
    const params = message.params ?? {};
    switch (message.method) {
      case "ui/notifications/tool-input":
        this.handlers.toolInput?.((params.arguments ?? {}) as ToolArguments);
        break;
      case "ui/notifications/tool-result":
        this.handlers.toolResult(params as ToolResult);
        break;
      case "ui/notifications/tool-cancelled":
        this.handlers.toolCancelled?.(typeof params.reason === "string" ? params.reason : undefined);
        break;
      case "ui/notifications/host-context-changed":
        this.context = { ...this.context, ...params };
        this.handlers.hostContext(this.context);
        break;
      case "ui/resource-teardown":
      case "ping":
        if (message.id !== undefined) this.post({ jsonrpc: "2.0", id: message.id, result: {} });
        break;
      default:
        // A request this view does not implement gets the JSON-RPC answer, not silence.
        if (message.id !== undefined && message.method !== undefined) {
          this.post({
            jsonrpc: "2.0",
            id: message.id,
            error: { code: -32601, message: `Method not found: ${message.method}` },
          });
        }
    }
  }
}
