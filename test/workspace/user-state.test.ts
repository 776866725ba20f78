/** Preferences and handle-addressed scratchpads in the user's Workspace object (schema 5). */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SCRATCHPAD_HANDLE_LIMITS } from "../../src/workspace/user-state";
import { UserStateStore } from "../../src/workspace/user-state-store";
import { workspace } from "./helpers";

const entry = (key: string) => ({ key, value: `value of ${key}`, savedAt: "2026-11-26T12:00:00.000Z" });

describe("preferences", () => {
  it("sets, keeps and clears each preference on its own", async () => {
    const ws = workspace();
    expect(await ws.readPreferences()).toEqual({});
    expect(await ws.updatePreferences({ units: "imperial", timeZone: "Europe/Lisbon" })).toEqual({
      units: "imperial",
      timeZone: "Europe/Lisbon",
    });
    expect(await ws.updatePreferences({ units: null, language: "pt-PT" })).toEqual({
      timeZone: "Europe/Lisbon",
      language: "pt-PT",
    });
    expect(await ws.readPreferences()).toEqual({ timeZone: "Europe/Lisbon", language: "pt-PT" });
  });
});

describe("scratchpads by handle", () => {
  it("mints an unguessable handle, keeps entries under it, and knows nothing of another user's", async () => {
    const alice = workspace();
    const bob = workspace();
    const handle = await alice.createScratchpad();
    expect(handle).toMatch(/^sp_[0-9a-hjkmnp-tv-z]{20}$/);
    expect(await alice.readScratchpad(handle)).toEqual([]);
    expect(await alice.writeScratchpad(handle, [entry("a")])).toBe(true);
    expect(await alice.readScratchpad(handle)).toEqual([entry("a")]);
    expect(await bob.readScratchpad(handle)).toBeNull();
    expect(await bob.writeScratchpad(handle, [entry("b")])).toBe(false);
    expect(await alice.readScratchpad("sp_not-a-handle")).toBeNull();
  });

  it("keeps at most the per-user limit, dropping the least recently used", async () => {
    const ws = workspace();
    await runInDurableObject(ws, async (_instance, state) => {
      let now = 1_000_000;
      const store = new UserStateStore({ storage: state.storage, now: () => now });
      const first = store.createScratchpad();
      now += 1;
      const handles = [first];
      for (let i = 1; i < SCRATCHPAD_HANDLE_LIMITS.perUser; i++) {
        handles.push(store.createScratchpad());
        now += 1;
      }
      // Using the oldest makes it the most recent: the second-oldest is the one dropped next.
      expect(store.readScratchpad(first)).toEqual([]);
      now += 1;
      store.createScratchpad();
      expect(store.readScratchpad(first)).toEqual([]);
      expect(store.readScratchpad(handles[1] as string)).toBeNull();
      const count = state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM scratchpads").one().n;
      expect(count).toBe(SCRATCHPAD_HANDLE_LIMITS.perUser);
    });
  });

  it("forgets a scratchpad unused for longer than the idle limit, and not a day before", async () => {
    const ws = workspace();
    await runInDurableObject(ws, async (_instance, state) => {
      let now = Date.parse("2026-11-01T00:00:00Z");
      const store = new UserStateStore({ storage: state.storage, now: () => now });
      const handle = store.createScratchpad();
      const idleMs = SCRATCHPAD_HANDLE_LIMITS.idleDays * 86_400_000;
      now += idleMs - 86_400_000;
      expect(store.readScratchpad(handle)).toEqual([]);
      now += idleMs + 1;
      expect(store.readScratchpad(handle)).toBeNull();
    });
  });
});
