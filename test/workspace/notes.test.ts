/** Notes CRUD, validation, optimistic concurrency, tags and completion in the Workspace object. */
import { describe, expect, it } from "vitest";
import { NOTE_LIMITS } from "../../src/workspace/limits";
import { refused, value, workspace } from "./helpers";

describe("creating and reading notes", () => {
  it("stores a note and reads back every field", async () => {
    const ws = workspace();
    const created = value(
      await ws.createNote({ title: "  Groceries ", body: "- milk\n- **eggs**", tags: ["Home", "#errands", "home"] }),
    );
    expect(created.id).toMatch(/^n_[0-9a-z]{16}$/);
    expect(created.title).toBe("Groceries");
    expect(created.tags).toEqual(["home", "errands"]);
    expect(created.version).toBe(1);
    expect(created.createdAt).toBe(created.updatedAt);
    expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);
    const read = value(await ws.getNote(created.id));
    expect(read).toEqual(created);
  });

  it("keeps emoji, right-to-left text and combining marks exactly", async () => {
    const ws = workspace();
    const title = "שלום 👋🏽 مرحبا";
    const body = "e\u0301 👨‍👩‍👧 \u202Ertl override\u202C ‏עברית‏";
    const created = value(await ws.createNote({ title, body, tags: ["עברית", "日本"] }));
    const read = value(await ws.getNote(created.id));
    expect(read.title).toBe(title);
    expect(read.body).toBe(body);
    expect(read.tags).toEqual(["עברית", "日本"]);
  });

  it("refuses bad input with a message naming the rule, and writes nothing", async () => {
    const ws = workspace();
    const cases: [Record<string, unknown>, string][] = [
      [{ title: "", body: "x" }, "title is empty"],
      [{ title: "a\u0000b", body: "x" }, "NUL"],
      [{ title: "ok", body: "a\u0000b" }, "NUL"],
      [{ title: "ok", body: "broken \uD83D surrogate" }, "surrogate"],
      [{ title: "x".repeat(NOTE_LIMITS.titleChars + 1), body: "" }, `limit is ${NOTE_LIMITS.titleChars}`],
      [{ title: "two\nlines", body: "" }, "one line"],
      [{ title: "ok", body: "x".repeat(NOTE_LIMITS.bodyChars + 1) }, `limit is ${NOTE_LIMITS.bodyChars}`],
      [
        { title: "ok", body: "", tags: Array.from({ length: NOTE_LIMITS.tagsPerNote + 1 }, (_, i) => `t${i}`) },
        `at most ${NOTE_LIMITS.tagsPerNote} tags`,
      ],
      [{ title: "ok", body: "", tags: ["has space"] }, "letters, digits"],
      [{ title: "ok", body: "", tags: ["t".repeat(NOTE_LIMITS.tagChars + 1)] }, `limit is ${NOTE_LIMITS.tagChars}`],
      [{ title: "ok", body: "", tags: ["a\u0000"] }, "NUL"],
      [{ title: "ok", body: 42 }, "body must be a string"],
    ];
    for (const [input, fragment] of cases) {
      const error = refused(await ws.createNote(input as never), "invalid");
      expect(error.message).toContain(fragment);
    }
    expect(value(await ws.listNotes({})).items).toEqual([]);
  });

  it("accepts exactly the limits", async () => {
    const ws = workspace();
    const emoji = "😀";
    const note = value(
      await ws.createNote({
        title: emoji.repeat(NOTE_LIMITS.titleChars),
        body: emoji.repeat(NOTE_LIMITS.bodyChars),
        tags: Array.from(
          { length: NOTE_LIMITS.tagsPerNote },
          (_, i) => `${"t".repeat(NOTE_LIMITS.tagChars - 2)}${String(i).padStart(2, "0")}`,
        ),
      }),
    );
    const [summary] = value(await ws.listNotes({})).items;
    // Characters are code points: each emoji is one, not two UTF-16 units.
    expect(summary?.chars).toBe(NOTE_LIMITS.bodyChars);
    expect(note.tags).toHaveLength(NOTE_LIMITS.tagsPerNote);
  });

  it("answers invalid and unknown ids differently, naming the format", async () => {
    const ws = workspace();
    for (const id of ["", "n_short", "f_0123456789abcdef", "n_0123456789ABCDEF", "../etc", "n_0123456789abcdeu"]) {
      expect(refused(await ws.getNote(id), "invalid").message).toContain('"n_" followed by 16');
    }
    refused(await ws.getNote("n_0123456789abcdef"), "not_found");
    refused(await ws.deleteNote("n_0123456789abcdef"), "not_found");
    refused(await ws.updateNote({ id: "n_0123456789abcdef", expectedVersion: 1, body: "x" }), "not_found");
  });
});

describe("optimistic concurrency", () => {
  it("updates from the current version and bumps it", async () => {
    const ws = workspace();
    const note = value(await ws.createNote({ title: "Plan", body: "v1", tags: ["a"] }));
    const updated = value(await ws.updateNote({ id: note.id, expectedVersion: 1, body: "v2", tags: ["b"] }));
    expect(updated.version).toBe(2);
    expect(updated.title).toBe("Plan");
    expect(updated.body).toBe("v2");
    expect(updated.tags).toEqual(["b"]);
    expect(updated.createdAt).toBe(note.createdAt);
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(note.updatedAt));
    expect(value(await ws.listTags())).toEqual([{ tag: "b", count: 1 }]);
  });

  it("refuses a stale version with the current one and overwrites nothing", async () => {
    const ws = workspace();
    const note = value(await ws.createNote({ title: "Plan", body: "original" }));
    value(await ws.updateNote({ id: note.id, expectedVersion: 1, body: "first writer" }));
    const error = refused(await ws.updateNote({ id: note.id, expectedVersion: 1, body: "second writer" }), "conflict");
    expect(error.message).toContain("changed since you read it");
    expect(error.message).toContain("version 2");
    expect(error.current?.version).toBe(2);
    expect(error.current?.id).toBe(note.id);
    expect(value(await ws.getNote(note.id)).body).toBe("first writer");
  });

  it("lets exactly one of two concurrent updates from the same version win", async () => {
    const ws = workspace();
    const note = value(await ws.createNote({ title: "Race", body: "start" }));
    const results = await Promise.all(
      ["left", "right"].map((body) => ws.updateNote({ id: note.id, expectedVersion: 1, body })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === "conflict")).toHaveLength(1);
    const winner = results.find((r) => r.ok);
    expect(value(await ws.getNote(note.id)).body).toBe(winner?.ok ? winner.value.body : "?");
  });

  it("refuses an update with nothing to change or a bad version", async () => {
    const ws = workspace();
    const note = value(await ws.createNote({ title: "T", body: "b" }));
    refused(await ws.updateNote({ id: note.id, expectedVersion: 1 }), "invalid");
    refused(await ws.updateNote({ id: note.id, expectedVersion: 0, body: "x" }), "invalid");
    refused(await ws.updateNote({ id: note.id, expectedVersion: 1.5, body: "x" }), "invalid");
    refused(await ws.updateNote({ id: note.id, expectedVersion: 1, tags: ["bad tag"] }), "invalid");
    expect(value(await ws.getNote(note.id)).version).toBe(1);
  });

  it("deletes only the version the caller read when it gives one", async () => {
    const ws = workspace();
    const note = value(await ws.createNote({ title: "Doomed", body: "b", tags: ["x"] }));
    value(await ws.updateNote({ id: note.id, expectedVersion: 1, body: "c" }));
    expect(refused(await ws.deleteNote(note.id, 1), "conflict").current?.version).toBe(2);
    expect(value(await ws.deleteNote(note.id, 2))).toEqual({ id: note.id });
    refused(await ws.getNote(note.id), "not_found");
    expect(value(await ws.listTags())).toEqual([]);
    const other = value(await ws.createNote({ title: "Other", body: "b" }));
    value(await ws.deleteNote(other.id));
    refused(await ws.deleteNote(other.id), "not_found");
  });
});

describe("listing, tags and completion", () => {
  it("pages through every note exactly once across page boundaries, in each order", async () => {
    const ws = workspace();
    const titles = Array.from({ length: 23 }, (_, i) => `Note ${String(i).padStart(2, "0")}`);
    value(
      await ws.importNotes(titles.map((title, i) => ({ title, body: `body ${i}`, tags: i % 2 ? ["odd"] : ["even"] }))),
    );
    for (const order of ["updated", "created", "title"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = value(await ws.listNotes({ order, limit: 5, cursor }));
        seen.push(...page.items.map((n) => n.title));
        if (page.nextCursor) expect(page.remaining).toBe(23 - seen.length);
        else expect(page.remaining).toBeUndefined();
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(23);
      if (order === "title") expect(seen).toEqual(titles);
    }
    const odd = value(await ws.listNotes({ tag: "ODD", limit: 100 }));
    expect(odd.items).toHaveLength(11);
    expect(odd.items.every((n) => n.tags.includes("odd"))).toBe(true);
  });

  it("orders by most recently updated first", async () => {
    const ws = workspace();
    const a = value(await ws.createNote({ title: "A", body: "" }));
    const b = value(await ws.createNote({ title: "B", body: "" }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    value(await ws.updateNote({ id: a.id, expectedVersion: 1, body: "touched" }));
    const ids = value(await ws.listNotes({})).items.map((n) => n.id);
    expect(ids).toEqual([a.id, b.id]);
    const since = value(await ws.listNotes({ updatedSince: value(await ws.getNote(a.id)).updatedAt })).items.map(
      (n) => n.id,
    );
    expect(since).toContain(a.id);
    refused(await ws.listNotes({ updatedSince: "last tuesday" }), "invalid");
  });

  it("refuses cursors it did not issue, or issued for another list", async () => {
    const ws = workspace();
    value(await ws.importNotes(Array.from({ length: 3 }, (_, i) => ({ title: `N${i}`, body: "", tags: ["t"] }))));
    const page = value(await ws.listNotes({ limit: 1 }));
    expect(page.nextCursor).toBeDefined();
    for (const cursor of ["garbage!", "eyJ4IjoxfQ", "", "a".repeat(5000)])
      refused(await ws.listNotes({ cursor }), "invalid_cursor");
    refused(await ws.listNotes({ cursor: page.nextCursor, order: "title" }), "invalid_cursor");
    refused(await ws.listNotes({ cursor: page.nextCursor, tag: "t" }), "invalid_cursor");
    refused(await ws.exportNotes({ cursor: page.nextCursor }), "invalid_cursor");
    refused(await ws.listNotes({ limit: 0 }), "invalid");
    refused(await ws.listNotes({ limit: 101 }), "invalid");
  });

  it("counts tags and completes tags and titles by prefix, case-insensitively", async () => {
    const ws = workspace();
    value(
      await ws.importNotes([
        { title: "Résumé draft", body: "", tags: ["work", "writing"] },
        { title: "résumé final", body: "", tags: ["work"] },
        { title: "Recipes", body: "", tags: ["home"] },
        { title: "100% done", body: "", tags: ["work"] },
      ]),
    );
    expect(value(await ws.listTags())).toEqual([
      { tag: "work", count: 3 },
      { tag: "home", count: 1 },
      { tag: "writing", count: 1 },
    ]);
    expect(value(await ws.completeTags("W"))).toEqual(["work", "writing"]);
    expect(value(await ws.completeTags("#wr"))).toEqual(["writing"]);
    expect(value(await ws.completeTitles("RÉS")).map((n) => n.title)).toEqual(["Résumé draft", "résumé final"]);
    expect(value(await ws.completeTitles("re")).map((n) => n.title)).toEqual(["Recipes"]);
    // `%` and `_` are text, not wildcards.
    expect(value(await ws.completeTitles("100%")).map((n) => n.title)).toEqual(["100% done"]);
    expect(value(await ws.completeTitles("%"))).toEqual([]);
    expect(value(await ws.completeTitles("", 2))).toHaveLength(2);
  });
});

describe("import and export", () => {
  it("imports all or nothing", async () => {
    const ws = workspace();
    const error = refused(
      await ws.importNotes([
        { title: "fine", body: "" },
        { title: "", body: "" },
      ]),
      "invalid",
    );
    expect(error.message).toContain("Note 2 of 2");
    expect(error.message).toContain("Nothing was imported");
    expect(value(await ws.listNotes({})).items).toEqual([]);
    refused(await ws.importNotes([]), "invalid");
    const tooMany = Array.from({ length: NOTE_LIMITS.importBatch + 1 }, (_, i) => ({ title: `n${i}`, body: "" }));
    expect(refused(await ws.importNotes(tooMany), "invalid").message).toContain(String(NOTE_LIMITS.importBatch));
    expect(value(await ws.importNotes(tooMany.slice(1)))).toHaveLength(NOTE_LIMITS.importBatch);
  });

  it("exports whole notes oldest first, page by page", async () => {
    const ws = workspace();
    const first = value(await ws.createNote({ title: "first", body: "one" }));
    value(await ws.importNotes(Array.from({ length: 4 }, (_, i) => ({ title: `later ${i}`, body: `b${i}` }))));
    const page1 = value(await ws.exportNotes({ limit: 3 }));
    expect(page1.items[0]).toEqual(first);
    expect(page1.remaining).toBe(2);
    const page2 = value(await ws.exportNotes({ limit: 3, cursor: page1.nextCursor }));
    expect(page2.items.map((n) => n.body)).toEqual(["b2", "b3"]);
    expect(page2.nextCursor).toBeUndefined();
  });
});
