/**
 * MCP Apps views (extension `io.modelcontextprotocol/ui`, spec 2026-01-26) in era-neutral form:
 * a tool's `_meta` naming its view, and each view as a fixed `ui://` resource whose listing and
 * content carry `_meta.ui` (the CSP the host must enforce, the border preference). Both registrars
 * hand these to their SDK unchanged.
 */
import type { ResourceDefinition, ToolDefinition, ViewDefinition } from "./define";
import { LEGACY_VIEW_URI_META_KEY, VIEW_MIME_TYPE } from "./wire";

/**
 * A tool's `_meta`: `ui.resourceUri`, plus the flat `ui/resourceUri` older hosts read (the same
 * normalization `registerAppTool` of `@modelcontextprotocol/ext-apps/server` applies).
 */
export function toolViewMeta(tool: Pick<ToolDefinition, "view">): Record<string, unknown> | undefined {
  if (!tool.view) return undefined;
  return { ui: { resourceUri: tool.view.uri }, [LEGACY_VIEW_URI_META_KEY]: tool.view.uri };
}

/** MCP Apps `McpUiResourceMeta` for a view: its CSP, and a host-drawn border around it. */
export function viewUiMeta(view: ViewDefinition): Record<string, unknown> {
  return {
    ui: {
      csp: { connectDomains: view.csp.connectDomains, resourceDomains: view.csp.resourceDomains },
      prefersBorder: true,
    },
  };
}

/** A view as a fixed resource: listed with its `_meta.ui`, read as the HTML with the same `_meta.ui`. */
export function viewResource(view: ViewDefinition): ResourceDefinition {
  const meta = viewUiMeta(view);
  return {
    name: view.name,
    title: view.title,
    description: view.description,
    uri: view.uri,
    mimeType: VIEW_MIME_TYPE,
    meta,
    scope: view.scope,
    read: () => ({ contents: [{ uri: view.uri, mimeType: VIEW_MIME_TYPE, text: view.html, _meta: meta }] }),
  };
}
