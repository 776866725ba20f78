/**
 * The activity log in the Workspace object: newest-first paging with the project's cursor, the
 * retention edge, details kept only when the owner turns them on, and the export's bound.
 */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../src/config";
import { AUDIT_LIMITS, type AuditInput, truncateDetail } from "../../src/workspace/audit";
import { AuditStore } from "../../src/workspace/audit-store";
import type { Workspace } from "../../src/workspace/workspace";
import { workspace } from "./helpers";

const DAY_MS = 86_400_000;
const call = (at: number, name = "calculate", extra: Partial<AuditInput> = {}): AuditInput => ({
  kind: "tool",
  at,
  name,
  outcome: "ok",
  ms: 3,
  clientName: "Claude",
  ...extra,
});

describe("paging", () => {
  it("pages newest first without gaps or repeats, ties broken by insertion order", async () => {
    const ws = workspace();
    const base = Date.now() - 60_000;
    // Three share a millisecond: Workers' clock stands still within a request.
    const times = [base, base + 1, base + 1, base + 1, base + 2, base + 3, base + 4];
    for (const [index, at] of times.entries()) await ws.recordAudit(call(at, `tool_${index}`));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ws.auditPage({ limit: 3, ...(cursor ? { cursor } : {}) });
      if (!page) throw new Error("cursor refused");
      seen.push(...page.entries.map((entry) => entry.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(["tool_6", "tool_5", "tool_4", "tool_3", "tool_2", "tool_1", "tool_0"]);
  });

  it("keeps every outcome a call can end with, a declined confirmation included", async () => {
    const ws = workspace();
    const outcomes = ["ok", "error", "refused", "declined"] as const;
    for (const [index, outcome] of outcomes.entries())
      await ws.recordAudit(call(Date.now() - 10 + index, "notes_delete", { outcome }));
    const page = await ws.auditPage({ limit: 10 });
    expect(page?.entries.map((entry) => entry.outcome)).toEqual([...outcomes].reverse());
  });

  it("refuses a cursor it did not make, and caps the page size", async () => {
    const ws = workspace();
    expect(await ws.auditPage({ cursor: "bm9wZQ" })).toBeUndefined();
    expect(await ws.auditPage({ cursor: "!!" })).toBeUndefined();
    for (let i = 0; i < 3; i++) await ws.recordAudit(call(Date.now() - i));
    expect((await ws.auditPage({ limit: 0 }))?.entries).toHaveLength(1);
    expect((await ws.auditPage({ limit: 10_000 }))?.entries).toHaveLength(3);
    expect(AUDIT_LIMITS.maxPageSize).toBe(200);
  });
});

describe("retention", () => {
  it("keeps an entry exactly the retention period old and prunes one a millisecond older", async () => {
    const ws = workspace() as unknown as DurableObjectStub<Workspace>;
    await runInDurableObject(ws, async (_instance, state) => {
      const now = 1_800_000_000_000;
      const store = new AuditStore({ storage: state.storage, retentionDays: 30, now: () => now });
      store.record(call(now - 30 * DAY_MS - 1, "too_old"));
      store.record(call(now - 30 * DAY_MS, "just_kept"));
      store.record(call(now, "fresh"));
      expect(store.page()?.entries.map((entry) => entry.name)).toEqual(["fresh", "just_kept"]);
      expect(store.exportAll().map((entry) => entry.name)).toEqual(["fresh", "just_kept"]);
    });
  });

  it("prunes on write too, at most once an hour", async () => {
    const ws = workspace() as unknown as DurableObjectStub<Workspace>;
    await runInDurableObject(ws, async (_instance, state) => {
      let now = 1_800_000_000_000;
      const store = new AuditStore({ storage: state.storage, retentionDays: 1, now: () => now });
      store.record(call(now - 2 * DAY_MS, "old"));
      const count = () => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM audit_log").one().n;
      expect(count()).toBe(1); // the write's own prune ran before the old entry went in
      now += AUDIT_LIMITS.pruneEveryMs - 1;
      store.record(call(now, "new"));
      expect(count()).toBe(2);
      now += 1;
      store.record(call(now, "newer"));
      expect(count()).toBe(2);
    });
  });

  it("reads AUDIT_RETENTION_DAYS, 30 by default and for nonsense", () => {
    expect(readConfig({}).auditRetentionDays).toBe(30);
    expect(readConfig({ AUDIT_RETENTION_DAYS: "7" }).auditRetentionDays).toBe(7);
    expect(readConfig({ AUDIT_RETENTION_DAYS: "0" }).auditRetentionDays).toBe(30);
    expect(readConfig({ AUDIT_RETENTION_DAYS: "soon" }).auditRetentionDays).toBe(30);
  });
});

describe("privacy", () => {
  it("keeps no arguments or results by default, a truncated copy once turned on, none again once off", async () => {
    const ws = workspace();
    expect(await ws.auditSettings()).toEqual({ recordDetails: false });
    const detail = { arguments: truncateDetail(JSON.stringify({ secret: "x".repeat(5000) })), result: "42" };
    await ws.recordAudit(call(Date.now() - 2, "private", { detail }));
    expect((await ws.auditPage())?.entries[0]?.detail).toBeUndefined();
    expect(JSON.stringify(await ws.auditExport())).not.toContain("secret");

    expect(await ws.updateAuditSettings({ recordDetails: true })).toEqual({ recordDetails: true });
    await ws.recordAudit(call(Date.now() - 1, "kept", { detail }));
    const kept = (await ws.auditPage())?.entries[0];
    expect(kept?.name).toBe("kept");
    expect(kept?.detail?.result).toBe("42");
    expect(kept?.detail?.arguments?.length).toBeLessThan(AUDIT_LIMITS.detailChars + 80);
    expect(kept?.detail?.arguments).toContain("more characters not kept");

    await ws.updateAuditSettings({ recordDetails: false });
    expect((await ws.auditExport()).some((entry) => entry.detail !== undefined)).toBe(false);
  });
});

describe("export and last use", () => {
  it("exports at most AUDIT_LIMITS.exportMax entries, newest first", async () => {
    const ws = workspace() as unknown as DurableObjectStub<Workspace>;
    await runInDurableObject(ws, async (_instance, state) => {
      const now = Date.now();
      const store = new AuditStore({ storage: state.storage, retentionDays: 30, now: () => now });
      for (let i = 0; i <= AUDIT_LIMITS.exportMax; i++) store.record(call(now - AUDIT_LIMITS.exportMax + i, `t${i}`));
      const exported = store.exportAll();
      expect(exported).toHaveLength(AUDIT_LIMITS.exportMax);
      expect(exported[0]?.name).toBe(`t${AUDIT_LIMITS.exportMax}`);
    });
  });

  it("knows each grant's last tool call, ignoring sign-ins", async () => {
    const ws = workspace();
    await ws.recordAudit(call(1_000, "a", { grantId: "g1" }));
    await ws.recordAudit(call(Date.now() - 5, "b", { grantId: "g1" }));
    await ws.recordAudit(call(Date.now() - 3, "c", { grantId: "g2" }));
    await ws.recordAudit({ kind: "sign_in", name: "passphrase", outcome: "ok", grantId: "g2", at: Date.now() });
    const last = await ws.lastToolCallByGrant();
    expect(Object.keys(last).sort()).toEqual(["g1", "g2"]);
    expect(last.g2).toBeLessThan(Date.now() - 2);
  });
});
