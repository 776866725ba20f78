import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";

/**
 * The MCP revisions Outpost serves, by era: 2025-era revisions through `initialize` and a session
 * (SDK v1 inside the session object, and legacy SSE), 2026-07-28 statelessly through the request's
 * `_meta` envelope (SDK v2). Toolkits and pages read them here, never from an SDK.
 */
export const PROTOCOL_VERSIONS = {
  /** Newest first, as SDK v1 negotiates them. */
  legacy: [...SUPPORTED_PROTOCOL_VERSIONS] as readonly string[],
  modern: ["2026-07-28"] as readonly string[],
} as const;

/** The newest revision served. */
export const LATEST_PROTOCOL_VERSION = PROTOCOL_VERSIONS.modern[0] as string;
