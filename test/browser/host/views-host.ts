/**
 * A minimal MCP Apps host for the browser tests, built on the package's own `AppBridge`: it puts a
 * view's HTML in a sandboxed iframe (scripts only, an opaque origin, as hosts do) under the CSP the
 * resource's `_meta.ui.csp` asks for, and relays the view's `tools/call` to the test, which sends
 * it to the real server. Bundled by test/browser/views.test.ts with esbuild.
 */
import {
  AppBridge,
  type McpUiHostContext,
  type McpUiResourceCsp,
  type McpUiStyleVariableKey,
  PostMessageTransport,
} from "@modelcontextprotocol/ext-apps/app-bridge";

interface ShowOptions {
  html: string;
  csp: McpUiResourceCsp;
  toolArguments: Record<string, unknown>;
  /** Left out: the call is still running (the view shows its waiting state). */
  toolResult?: { content: unknown[]; structuredContent?: Record<string, unknown>; isError?: boolean };
  theme: "light" | "dark";
}

type CallTool = (params: { name: string; arguments?: Record<string, unknown> }) => Promise<Record<string, unknown>>;

declare global {
  interface Window {
    showView(options: ShowOptions): Promise<void>;
    setTheme(theme: "light" | "dark"): void;
    cancelTool(reason: string): Promise<void>;
    /** Provided by the test (page.exposeFunction): a tools/call on the real server. */
    callServerTool: CallTool;
    /** Every tools/call the view made through the host, in order. */
    toolCalls: { name: string; arguments?: Record<string, unknown> }[];
  }
}

/** Host style variables (MCP Apps `McpUiStyles`), so the test sees the view take the host's colours. */
const STYLES: Record<"light" | "dark", Partial<Record<McpUiStyleVariableKey, string>>> = {
  light: {
    "--color-background-primary": "#ffffff",
    "--color-text-primary": "#1f1e1d",
    "--color-border-primary": "#d4d1ca",
  },
  dark: {
    "--color-background-primary": "#262624",
    "--color-text-primary": "#f5f4ef",
    "--color-border-primary": "#4a4945",
  },
};

let bridge: AppBridge | undefined;

function hostContext(theme: "light" | "dark"): McpUiHostContext {
  return {
    theme,
    styles: { variables: STYLES[theme] as never },
    locale: "en-US",
    timeZone: "UTC",
    platform: "web",
    displayMode: "inline",
    availableDisplayModes: ["inline"],
  };
}

/** The CSP a host derives from `_meta.ui.csp` (MCP Apps "Security"): nothing beyond the listed origins. */
function hostCsp(csp: McpUiResourceCsp): string {
  const resources = (csp.resourceDomains ?? []).join(" ");
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' ${resources}`,
    `style-src 'unsafe-inline' ${resources}`,
    `img-src data: ${resources}`,
    `connect-src ${(csp.connectDomains ?? []).join(" ") || "'none'"}`,
    "frame-src 'none'",
  ].join("; ");
}

window.toolCalls = [];

window.showView = async (options) => {
  document.body.dataset.theme = options.theme;
  const old = document.getElementById("view");
  old?.remove();
  await bridge?.close().catch(() => undefined);
  const iframe = document.createElement("iframe");
  iframe.id = "view";
  iframe.title = "Tool result view";
  iframe.setAttribute("sandbox", "allow-scripts");
  document.body.append(iframe);

  bridge = new AppBridge(
    null,
    { name: "outpost-test-host", version: "1.0.0" },
    { serverTools: {} },
    { hostContext: hostContext(options.theme) },
  );
  bridge.oncalltool = async (params) => {
    window.toolCalls.push({ name: params.name, arguments: params.arguments });
    return (await window.callServerTool({ name: params.name, arguments: params.arguments })) as never;
  };
  bridge.onsizechange = ({ height }) => {
    if (height !== undefined) iframe.style.height = `${height}px`;
  };
  const initialized = new Promise<void>((resolve) => {
    bridge!.oninitialized = () => resolve();
  });
  await bridge.connect(new PostMessageTransport(iframe.contentWindow!, iframe.contentWindow!));
  const meta = `<meta http-equiv="Content-Security-Policy" content="${hostCsp(options.csp)}">`;
  iframe.srcdoc = options.html.replace("<head>", `<head>\n${meta}`);
  await initialized;
  await bridge.sendToolInput({ arguments: options.toolArguments });
  if (options.toolResult) await bridge.sendToolResult(options.toolResult as never);
};

window.cancelTool = async (reason) => {
  await bridge?.sendToolCancelled({ reason });
};

window.setTheme = (theme) => {
  document.body.dataset.theme = theme;
  void bridge?.sendHostContextChange({ theme, styles: { variables: STYLES[theme] as never } });
};
