import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";

/**
 * Per-conversation state, kept in the session object's Agent state (SQLite-backed, so it survives
 * eviction and restarts). The session toolkit writes it; later toolkits read `preferences`.
 * The call counter lives beside it, not in it (see `SessionUsage`).
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
  scratchpad: ScratchEntry[];
  preferences: Preferences;
  /**
   * The client's `logging/setLevel` choice. Kept in state, not only in the SDK's memory, so it
   * outlives an evicted object; unset means every level is sent (MCP "Logging").
   */
  logLevel?: LoggingLevel;
}

export function emptySessionState(): SessionState {
  return { createdAt: 0, scratchpad: [], preferences: {} };
}

/**
 * How much the session has been used. Kept out of `SessionState` on purpose: every tool call bumps
 * it, and an Agent `setState` rewrites the whole state (scratchpad included) and broadcasts it to
 * every connection. This is one small record of its own, exact across eviction.
 */
export interface SessionUsage {
  /** Tool calls that reached the tool wrapper (arguments the SDK refused never get there). */
  calls: number;
  /** Epoch milliseconds when the last counted call finished; 0 before the first. */
  lastCallAt: number;
}

export function emptySessionUsage(): SessionUsage {
  return { calls: 0, lastCallAt: 0 };
}

/** The narrow view of the session object that handlers get. */
export interface SessionStore {
  /** The MCP session id (`Mcp-Session-Id`, or the legacy SSE `sessionId`). */
  readonly id: string;
  readonly transport: "streamable-http" | "sse" | "rpc";
  read(): SessionState;
  /** Replace the state with `change(current)`; persisted before the object answers. */
  update(change: (current: SessionState) => SessionState): void;
  usage(): SessionUsage;
  /** Count one finished tool call (run-tool does this; handlers never need to). */
  recordCall(): void;
}
