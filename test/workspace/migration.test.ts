/** Schema migrations: a workspace written by the first schema is upgraded on start, data intact. */
import { evictAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { MIGRATIONS, migrate, SCHEMA_VERSION, schemaVersion } from "../../src/workspace/schema";
import { pngImage } from "./fixtures";
import { value, workspace } from "./helpers";

describe("schema migrations", () => {
  it("numbers migrations 1, 2, 3… with no gaps", () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it("upgrades a first-schema workspace on start: notes kept, indexed, and files usable", async () => {
    const ws = workspace();
    // Rebuild this object's database as the first release left it: schema 1 only, rows written
    // the way that release wrote them.
    await runInDurableObject(ws, async (_instance, state) => {
      await state.storage.deleteAll();
      expect(migrate(state.storage, 1)).toBe(1);
      const sql = state.storage.sql;
      const tables = sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('notes_fts', 'files')",
        )
        .toArray();
      expect(tables).toEqual([]);
      const insert = (id: string, title: string, body: string, tags: string[], at: number) => {
        const { rowid } = sql
          .exec<{ rowid: number }>(
            "INSERT INTO notes (id, title, title_key, body, tags, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 2) RETURNING rowid",
            id,
            title,
            title.toLowerCase(),
            body,
            JSON.stringify(tags),
            at,
            at,
          )
          .one();
        for (const tag of tags) sql.exec("INSERT INTO note_tags (tag, note_rowid) VALUES (?, ?)", tag, rowid);
      };
      insert(
        "n_0000000000000001",
        "Legacy garden plan",
        "Plant tomatoes after the last frost.",
        ["garden"],
        Date.parse("2025-03-01T10:00:00Z"),
      );
      insert(
        "n_0000000000000002",
        "Old reading list",
        "Borges, Calvino, and more tomatoes books.",
        ["books"],
        Date.parse("2025-04-01T10:00:00Z"),
      );
    });
    // Restart the object: its constructor finds schema 1 and runs the rest.
    await evictAllDurableObjects();
    const upgraded = ws;
    const hits = value(await upgraded.searchNotes({ query: "tomatoes" })).items;
    expect(hits.map((h) => h.id).sort()).toEqual(["n_0000000000000001", "n_0000000000000002"]);
    expect(value(await upgraded.searchNotes({ query: "tomatoes tag:garden" })).items.map((h) => h.title)).toEqual([
      "Legacy garden plan",
    ]);
    // The note count (schema 4) starts from the rows already there.
    expect((await upgraded.usage()).notes).toBe(2);
    const legacy = value(await upgraded.getNote("n_0000000000000001"));
    expect(legacy).toMatchObject({
      title: "Legacy garden plan",
      version: 2,
      tags: ["garden"],
      createdAt: "2025-03-01T10:00:00.000Z",
    });
    // Writes after the upgrade keep the new index in step.
    value(await upgraded.updateNote({ id: legacy.id, expectedVersion: 2, body: "Plant peppers instead." }));
    expect(value(await upgraded.searchNotes({ query: "peppers" })).items.map((h) => h.id)).toEqual([legacy.id]);
    expect(value(await upgraded.searchNotes({ query: "tomatoes" })).items.map((h) => h.id)).toEqual([
      "n_0000000000000002",
    ]);
    const added = value(await upgraded.createNote({ title: "New after upgrade", body: "" }));
    expect((await upgraded.usage()).notes).toBe(3);
    value(await upgraded.deleteNote(added.id));
    expect((await upgraded.usage()).notes).toBe(2);
    const file = value(await upgraded.putFile({ name: "plot.png", bytes: pngImage(8, 8) }));
    expect(value(await upgraded.getFile(file.id)).bytes).toEqual(pngImage(8, 8));
    expect(await runInDurableObject(upgraded, (_instance, state) => schemaVersion(state.storage.sql))).toBe(
      SCHEMA_VERSION,
    );
  });

  it("runs each migration once: starting again changes nothing", async () => {
    const ws = workspace();
    const note = value(await ws.createNote({ title: "Stays", body: "once" }));
    await runInDurableObject(ws, (_instance, state) => {
      expect(migrate(state.storage)).toBe(SCHEMA_VERSION);
      expect(migrate(state.storage)).toBe(SCHEMA_VERSION);
    });
    await evictAllDurableObjects();
    expect(value(await ws.searchNotes({ query: "once" })).items.map((h) => h.id)).toEqual([note.id]);
  });
});
