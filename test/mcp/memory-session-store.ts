import { type Scratchpad, type ToolContext, UserError } from "../../src/mcp/define";
import {
  emptySessionState,
  emptySessionUsage,
  type SessionState,
  type SessionStore,
  type SessionUsage,
} from "../../src/mcp/session-store";
import type { Preferences, ScratchEntry } from "../../src/workspace/user-state";

/**
 * A SessionStore held in memory, for code under test that runs outside a session object (the
 * wrapper, the registration code over an in-memory link). The real one is OutpostSession's.
 */
export function memorySessionStore(
  transport: SessionStore["transport"] = "rpc",
): SessionStore & { state(): SessionState } {
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

/**
 * The per-user half of a ToolContext held in memory (preferences, handle-addressed scratchpads), for
 * the same tests. The real one (src/mcp/user-context.ts) keeps them in the user's Workspace object.
 */
export function memoryUserContext(): Pick<ToolContext, "preferences" | "scratchpads"> {
  let preferences: Preferences = {};
  const pads = new Map<string, ScratchEntry[]>();
  const pad = (handle: string): Scratchpad => ({
    handle,
    read: async () => pads.get(handle) ?? [],
    write: async (entries) => void pads.set(handle, entries),
  });
  return {
    preferences: {
      read: async () => preferences,
      update: async (change) => {
        const next: Record<string, unknown> = { ...preferences };
        for (const [key, value] of Object.entries(change))
          if (value === null) delete next[key];
          else if (value !== undefined) next[key] = value;
        preferences = next as Preferences;
        return preferences;
      },
    },
    scratchpads: {
      async open(handle, { create }) {
        if (handle !== undefined) {
          if (!pads.has(handle)) throw new UserError(`No scratchpad has the handle "${handle}".`);
          return pad(handle);
        }
        if (!create) throw new UserError("pass scratchpad");
        const fresh = `sp_${pads.size.toString().padStart(20, "0")}`;
        pads.set(fresh, []);
        return pad(fresh);
      },
    },
  };
}
