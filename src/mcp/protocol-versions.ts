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

/** What a request without the header speaks, absent anything better (Transports, "Protocol Version Header"). */
export const ASSUMED_PROTOCOL_VERSION = "2025-03-26";

/** The MCP revision that removed JSON-RPC batching (2025-03-26 had added it). */
export const BATCHING_REMOVED_IN = "2025-06-18";

/**
 * Whether a session at `version` may receive JSON-RPC batches: 2025-03-26 allowed them,
 * 2025-06-18 removed them (MCP changelog). Versions are ISO dates, so they compare as strings.
 */
export function allowsBatches(version: string): boolean {
  return version < BATCHING_REMOVED_IN;
}
