import { emptySessionState, emptySessionUsage, type SessionState, type SessionStore, type SessionUsage } from "../../src/mcp/session-store";

/**
 * A SessionStore held in memory, for code under test that runs outside a session object (the
 * wrapper, the registration code over an in-memory link). The real one is OutpostSession's.
 */
export function memorySessionStore(transport: SessionStore["transport"] = "rpc"): SessionStore & { state(): SessionState } {
  let state = emptySessionState();
  let usage: SessionUsage = emptySessionUsage();
  return {
    id: "s",
    transport,
    read: () => state,
    update: (change) => void (state = change(state)),
    usage: () => usage,
    recordCall: () => void (usage = { calls: usage.calls + 1, lastCallAt: Date.now() }),
    state: () => state,
  };
}
