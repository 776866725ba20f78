import { openUserWorkspace } from "../workspace/open";
import type { ScratchEntry } from "../workspace/user-state";
import { type PreferencesAccess, type Scratchpad, type ScratchpadAccess, UserError } from "./define";

/**
 * The per-user half of a ToolContext, the same in both protocol eras: preferences and
 * handle-addressed scratchpads in the user's Workspace object. `sessionScratchpad` is what a
 * handle-less call means: the 2025-era session's own scratchpad, or none on a stateless request.
 */
export function userContext(options: { env: Pick<Env, "WORKSPACE">; userId: string; sessionScratchpad?: Scratchpad }): {
  preferences: PreferencesAccess;
  scratchpads: ScratchpadAccess;
} {
  const { env, userId, sessionScratchpad } = options;
  let workspace: ReturnType<typeof openUserWorkspace> | undefined;
  const store = () => (workspace ??= openUserWorkspace(env, userId));

  /** A handle's scratchpad, holding the entries it was opened with (one read per call, not two). */
  const byHandle = (handle: string, opened: ScratchEntry[]): Scratchpad => {
    let entries = opened;
    return {
      handle,
      read: async () => entries,
      async write(next: ScratchEntry[]) {
        if (!(await store().writeScratchpad(handle, next))) throw unknownHandle(handle);
        entries = next;
      },
    };
  };

  return {
    preferences: {
      read: () => store().readPreferences(),
      update: (change) => store().updatePreferences(change),
    },
    scratchpads: {
      async open(handle, { create }) {
        if (handle !== undefined) {
          const entries = await store().readScratchpad(handle);
          if (entries === null) throw unknownHandle(handle);
          return byHandle(handle, entries);
        }
        if (sessionScratchpad) return sessionScratchpad;
        if (create) return byHandle(await store().createScratchpad(), []);
        throw new UserError(
          "This connection has no session to keep a scratchpad in: pass scratchpad, the handle (sp_…) that " +
            "session_remember returned. If there is none yet, call session_remember first.",
        );
      },
    },
  };
}

function unknownHandle(handle: string): UserError {
  return new UserError(
    `No scratchpad has the handle "${handle.slice(0, 64)}": it was mistyped, or it expired after a week unused. ` +
      "Call session_remember without scratchpad to start a new one.",
  );
}
