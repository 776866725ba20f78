import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";

/**
 * Per-conversation state, kept in the session object's Agent state (SQLite-backed, so it survives
 * eviction and restarts). The session toolkit writes it; later toolkits read `preferences`.
 */

/** Limits on what one conversation can keep; each is reported in the error that enforces it. */
export const SCRATCHPAD_LIMITS = {
  entries: 100,
  keyChars: 64,
  valueChars: 4_000,
} as const;

export interface ScratchEntry {
  key: string;
  value: string;
  savedAt: string;
}

export interface Preferences {
  units?: "metric" | "imperial";
  /** IANA time zone, e.g. "Europe/Lisbon". */
  timeZone?: string;
  /** BCP 47 language tag, e.g. "pt-BR". */
  language?: string;
}

export interface SessionState {
  /** Epoch milliseconds; 0 until the session records its owner. */
  createdAt: number;
  lastCallAt: number;
  calls: number;
  scratchpad: ScratchEntry[];
  preferences: Preferences;
  /**
   * The client's `logging/setLevel` choice. Kept in state, not only in the SDK's memory, so it
   * outlives an evicted object; unset means every level is sent (MCP "Logging").
   */
  logLevel?: LoggingLevel;
}

export function emptySessionState(): SessionState {
  return { createdAt: 0, lastCallAt: 0, calls: 0, scratchpad: [], preferences: {} };
}

/** The narrow view of the session object that handlers get. */
export interface SessionStore {
  /** The MCP session id (`Mcp-Session-Id`, or the legacy SSE `sessionId`). */
  readonly id: string;
  readonly transport: "streamable-http" | "sse" | "rpc";
  read(): SessionState;
  /** Replace the state with `change(current)`; persisted before the promise resolves. */
  update(change: (current: SessionState) => SessionState): void;
}
