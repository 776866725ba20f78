/** Search in the real object: FTS5 ranking, snippets, tags, pagination, and hostile queries. */
import { describe, expect, it } from "vitest";
import { refused, value, workspace } from "./helpers";

async function seeded() {
  const ws = workspace();
  value(
    await ws.importNotes([
      {
        title: "Sourdough starter",
        body: "Feed the starter twice a day with flour and water. Keep it warm.",
        tags: ["baking"],
      },
      {
        title: "Weekend plans",
        body: "Maybe bake bread. The sourdough starter needs feeding before Saturday.",
        tags: ["home"],
      },
      {
        title: "Quarterly budget",
        body: "Review the marketing budget and the travel budget with finance.",
        tags: ["work", "finance"],
      },
      { title: "Travel checklist", body: "Passport, chargers, and the café address in Zürich.", tags: ["travel"] },
      {
        title: "Meeting notes",
        body: "Discussed the budget. Action: send the report to finance by Friday.",
        tags: ["work"],
      },
    ]),
  );
  return ws;
}

describe("searchNotes", () => {
  it("ranks a title match above a body match (bm25, title weighted)", async () => {
    const ws = await seeded();
    const hits = value(await ws.searchNotes({ query: "sourdough" })).items;
    expect(hits.map((h) => h.title)).toEqual(["Sourdough starter", "Weekend plans"]);
    expect(hits[0]!.score).toBeLessThan(hits[1]!.score);
  });

  it("highlights matches in a short snippet", async () => {
    const ws = await seeded();
    const [hit] = value(await ws.searchNotes({ query: "passport" })).items;
    expect(hit?.snippet).toContain("**Passport**");
    const long = workspace();
    value(await long.createNote({ title: "Long", body: `${"filler ".repeat(200)}needle ${"filler ".repeat(200)}` }));
    const [longHit] = value(await long.searchNotes({ query: "needle" })).items;
    expect(longHit?.snippet).toContain("**needle**");
    expect(longHit?.snippet.split(/\s+/).length).toBeLessThanOrEqual(14);
    expect(longHit?.snippet).toContain("…");
  });

  it("supports phrases, prefixes, OR, NOT and accent folding", async () => {
    const ws = await seeded();
    const titles = async (query: string) =>
      value(await ws.searchNotes({ query }))
        .items.map((h) => h.title)
        .sort();
    expect(await titles('"marketing budget"')).toEqual(["Quarterly budget"]);
    expect(await titles('"budget marketing"')).toEqual([]);
    expect(await titles("feed*")).toEqual(["Sourdough starter", "Weekend plans"]);
    expect(await titles("passport OR flour")).toEqual(["Sourdough starter", "Travel checklist"]);
    expect(await titles("budget NOT marketing")).toEqual(["Meeting notes"]);
    expect(await titles("cafe zurich")).toEqual(["Travel checklist"]);
  });

  it("filters by exact tag, alone or with words", async () => {
    const ws = await seeded();
    const titles = async (query: string) =>
      value(await ws.searchNotes({ query }))
        .items.map((h) => h.title)
        .sort();
    expect(await titles("budget tag:work")).toEqual(["Meeting notes", "Quarterly budget"]);
    expect(await titles("budget tag:finance tag:work")).toEqual(["Quarterly budget"]);
    expect(await titles("tag:work")).toEqual(["Meeting notes", "Quarterly budget"]);
    expect(await titles("tag:wor")).toEqual([]);
    const [tagged] = value(await ws.searchNotes({ query: "tag:travel" })).items;
    expect(tagged?.snippet).toContain("Passport");
  });

  it("never fails on hostile or malformed queries", async () => {
    const ws = await seeded();
    for (const query of [
      'budget"',
      "budget OR",
      "NOT budget",
      "((budget",
      "budget)",
      "title:budget",
      "NEAR(budget finance)",
      "bud*get",
      "'; DROP TABLE notes; --",
      "budget AND AND",
      "\u202Ebudget",
      "👋 budget",
    ]) {
      const result = await ws.searchNotes({ query });
      expect(result.ok, `${query}: ${result.ok ? "" : result.error.message}`).toBe(true);
    }
    refused(await ws.searchNotes({ query: "!!!" }), "invalid");
    refused(await ws.searchNotes({ query: "*" }), "invalid");
    refused(await ws.searchNotes({ query: "" }), "invalid");
    refused(await ws.searchNotes({ query: "a\u0000" }), "invalid");
    expect(value(await ws.listNotes({})).items).toHaveLength(5);
  });

  it("finds words in right-to-left scripts and CJK-adjacent text", async () => {
    const ws = workspace();
    value(await ws.createNote({ title: "שלום עולם", body: "مرحبا بالعالم 😀 emoji here" }));
    expect(value(await ws.searchNotes({ query: "עולם" })).items).toHaveLength(1);
    expect(value(await ws.searchNotes({ query: "بالعالم" })).items).toHaveLength(1);
    expect(value(await ws.searchNotes({ query: "emoji" })).items).toHaveLength(1);
  });

  it("pages through ranked results exactly once, with the count remaining", async () => {
    const ws = workspace();
    // Different term frequencies give different scores; equal ones tie and fall back to rowid.
    value(
      await ws.importNotes(
        Array.from({ length: 27 }, (_, i) => ({
          title: `Note ${i}`,
          body: `${"apple ".repeat(1 + (i % 4))} filler text ${i}`,
        })),
      ),
    );
    const seen: string[] = [];
    const scores: number[] = [];
    let cursor: string | undefined;
    do {
      const page = value(await ws.searchNotes({ query: "apple", limit: 10, cursor }));
      seen.push(...page.items.map((h) => h.id));
      scores.push(...page.items.map((h) => h.score));
      if (page.nextCursor) expect(page.remaining).toBe(27 - seen.length);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(27);
    expect(new Set(seen).size).toBe(27);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  });

  it("pages through a word-and-tag search with the tag applied on every page", async () => {
    const ws = workspace();
    value(
      await ws.importNotes(
        Array.from({ length: 24 }, (_, i) => ({
          title: `T${i}`,
          body: `${"pear ".repeat(1 + (i % 3))}x`,
          tags: i % 2 ? ["odd"] : ["even", "all"],
        })),
      ),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = value(await ws.searchNotes({ query: "pear tag:even tag:all", limit: 5, cursor }));
      expect(page.items.every((hit) => hit.tags.includes("even"))).toBe(true);
      seen.push(...page.items.map((hit) => hit.id));
      if (page.nextCursor) expect(page.remaining).toBe(12 - seen.length);
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(12);
  });

  it("binds cursors to their query", async () => {
    const ws = await seeded();
    const page = value(await ws.searchNotes({ query: "budget", limit: 1 }));
    expect(page.nextCursor).toBeDefined();
    refused(await ws.searchNotes({ query: "finance", cursor: page.nextCursor }), "invalid_cursor");
    refused(await ws.searchNotes({ query: "budget", cursor: "nope" }), "invalid_cursor");
    const list = value(await ws.listNotes({ limit: 1 }));
    refused(await ws.searchNotes({ query: "budget", cursor: list.nextCursor }), "invalid_cursor");
    const next = value(await ws.searchNotes({ query: "budget", limit: 1, cursor: page.nextCursor }));
    expect(next.items[0]?.id).not.toBe(page.items[0]?.id);
  });

  it("keeps the index in step with updates and deletes", async () => {
    const ws = workspace();
    const note = value(await ws.createNote({ title: "Alpha", body: "original words" }));
    value(await ws.updateNote({ id: note.id, expectedVersion: 1, title: "Beta", body: "replacement text" }));
    expect(value(await ws.searchNotes({ query: "original" })).items).toEqual([]);
    expect(value(await ws.searchNotes({ query: "alpha" })).items).toEqual([]);
    expect(value(await ws.searchNotes({ query: "replacement beta" })).items.map((h) => h.id)).toEqual([note.id]);
    value(await ws.updateNote({ id: note.id, expectedVersion: 2, tags: ["later"] }));
    expect(value(await ws.searchNotes({ query: "replacement tag:later" })).items).toHaveLength(1);
    value(await ws.deleteNote(note.id));
    expect(value(await ws.searchNotes({ query: "replacement" })).items).toEqual([]);
    expect(value(await ws.searchNotes({ query: "tag:later" })).items).toEqual([]);
  });
});
