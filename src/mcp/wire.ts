/**
 * The MCP shapes toolkits produce, written once here so that no toolkit (and nothing in define.ts)
 * imports either SDK. Both era adapters hand these to their SDK unchanged: each is the subset of the
 * MCP schema (2025-11-25 and 2026-07-28 agree on all of it) that Outpost uses, and an SDK accepts it
 * structurally (type aliases, not interfaces, so they fit the SDKs' index-signature types).
 * test/mcp/wire.test.ts checks them against both SDKs' own schemas.
 */

/** RFC 5424 severities, lowest first, as MCP "Logging" orders them. */
export const LOGGING_LEVELS = [
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
] as const;
export type LoggingLevel = (typeof LOGGING_LEVELS)[number];

export function isLoggingLevel(value: unknown): value is LoggingLevel {
  return typeof value === "string" && (LOGGING_LEVELS as readonly string[]).includes(value);
}

export type TextContent = {
  type: "text";
  text: string;
};

export type ImageContent = {
  type: "image";
  /** Base64. */
  data: string;
  mimeType: string;
};

export type AudioContent = {
  type: "audio";
  data: string;
  mimeType: string;
};

/** A link to a resource in a tool result: the resource as `resources/list` describes it. */
export type ResourceLink = { type: "resource_link" } & Resource;

/** `_meta` carries extension data, such as an MCP Apps view's `ui` (CSP, border). */
export type TextResourceContents = { uri: string; mimeType?: string; text: string; _meta?: Record<string, unknown> };
export type BlobResourceContents = { uri: string; mimeType?: string; blob: string; _meta?: Record<string, unknown> };
export type ResourceContents = TextResourceContents | BlobResourceContents;

export type EmbeddedResource = {
  type: "resource";
  resource: ResourceContents;
};

export type ContentBlock = TextContent | ImageContent | AudioContent | ResourceLink | EmbeddedResource;

export type CallToolResult = {
  content: ContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

/**
 * MCP 2026-07-28 "Multi Round-Trip Requests": instead of a result, the server asks the client to
 * fulfil `inputRequests` (here only a form-mode `elicitation/create`) and retry the same call with
 * the answers in `inputResponses` and `requestState` echoed back verbatim.
 */
export type InputRequiredResult = {
  resultType: "input_required";
  inputRequests: Record<string, { method: "elicitation/create"; params: ElicitFormParams | ElicitUrlParams }>;
  requestState: string;
};

/** A form-mode elicitation: a message and a flat JSON Schema of primitive fields (MCP "Elicitation"). */
export type ElicitFormParams = {
  mode: "form";
  message: string;
  requestedSchema: {
    type: "object";
    properties: Record<string, { type: "boolean"; title: string; description?: string; default?: boolean }>;
    required?: string[];
  };
};

/** A URL-mode elicitation: the client offers to open `url`; nothing entered there passes through the client. */
export type ElicitUrlParams = {
  mode: "url";
  message: string;
  url: string;
};

export type ReadResourceResult = {
  contents: ResourceContents[];
};

export type PromptMessage = {
  role: "user" | "assistant";
  content: ContentBlock;
};

export type GetPromptResult = {
  description?: string;
  messages: PromptMessage[];
};

/** A concrete resource, as `resources/list` shows it. */
export type Resource = {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  _meta?: Record<string, unknown>;
};

/**
 * MCP Apps (extension `io.modelcontextprotocol/ui`, spec 2026-01-26): the extension's id in
 * `capabilities.extensions`, the MIME type of a view resource, and the legacy flat key hosts
 * still read beside `_meta.ui.resourceUri`. The same values as `@modelcontextprotocol/ext-apps`'s
 * `EXTENSION_ID`, `RESOURCE_MIME_TYPE` and `RESOURCE_URI_META_KEY` (test/mcp/views.test.ts checks).
 */
export const APPS_EXTENSION_ID = "io.modelcontextprotocol/ui";
export const VIEW_MIME_TYPE = "text/html;profile=mcp-app";
export const LEGACY_VIEW_URI_META_KEY = "ui/resourceUri";

/** JSON-RPC 2.0 §5.1 and MCP error codes that definitions raise. */
export const RpcCode = {
  InvalidParams: -32602,
  /**
   * MCP 2025-11-25 "Resources", Error Handling. The 2026-07-28 revision folds it into -32602, and the
   * modern SDK rewrites it on the way out (its wire codec's `encodeErrorCode`), so definitions raise
   * one code and each era gets its own.
   */
  ResourceNotFound: -32002,
} as const;

/**
 * A JSON-RPC error a definition raises (an unknown resource, bad params for a prompt). Both SDKs
 * answer a thrown error that carries an integer `code` with that code, its message and its `data`.
 * Tools report problems as `isError` results instead (throw `UserError`).
 */
export class RpcError extends Error {
  override name = "RpcError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}
