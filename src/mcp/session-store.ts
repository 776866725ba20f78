import type { ScratchEntry } from "../workspace/user-state";
import type { LoggingLevel } from "./wire";

export { SCRATCHPAD_LIMITS, type ScratchEntry } from "../workspace/user-state";

/**
 * Per-conversation state of a 2025-era session, kept in the session object's Agent state
 * (SQLite-backed, so it survives eviction and restarts): the session's own scratchpad. Preferences
 * belong to the user (workspace/user-state.ts), so every connection and both protocol eras see them.
 * The call counter lives beside the state, not in it (see `SessionUsage`).
 */
export interface SessionState {
  /** Epoch milliseconds; 0 until the session records its owner. */
  createdAt: number;
  scratchpad: ScratchEntry[];
  /**
   * The client's `logging/setLevel` choice. Kept in state, not only in the SDK's memory, so it
   * outlives an evicted object; unset means every level is sent (MCP "Logging").
   */
  logLevel?: LoggingLevel;
}

export function emptySessionState(): SessionState {
  return { createdAt: 0, scratchpad: [] };
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
