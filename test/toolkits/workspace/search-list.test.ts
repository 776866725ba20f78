import { describe, expect, it } from "vitest";
import { newUser, textOf } from "./helpers";

describe("notes_search, notes_list, notes_tags", () => {
  it("ranks matches, highlights snippets, reads tag: and boolean syntax, and treats broken syntax as words", async () => {
    const user = await newUser();
    await user.ok("notes_create", {
      title: "Budget 2027",
      body: "Quarterly budget review with the finance team.",
      tags: ["work"],
    });
    await user.ok("notes_create", { title: "Holiday", body: "Keep a small budget for souvenirs.", tags: ["personal"] });
    await user.ok("notes_create", { title: "Invoices", body: "Send the March invoice draft.", tags: ["work"] });

    const ranked = await user.ok("notes_search", { query: "budget" });
    expect(ranked.hits.map((hit: { title: string }) => hit.title)).toEqual(["Budget 2027", "Holiday"]);
    expect(ranked.hits[0].snippet).toContain("**");

    const tagged = await user.ok("notes_search", { query: "budget tag:personal" });
    expect(tagged.hits.map((hit: { title: string }) => hit.title)).toEqual(["Holiday"]);
    const either = await user.ok("notes_search", { query: "souvenirs OR invoice" });
    expect(either.hits.map((hit: { title: string }) => hit.title).sort()).toEqual(["Holiday", "Invoices"]);
    const prefix = await user.ok("notes_search", { query: "quarter*" });
    expect(prefix.hits.map((hit: { title: string }) => hit.title)).toEqual(["Budget 2027"]);

    // Broken syntax is searched as words; a query with no words at all is a clear refusal, never an SQL error.
    for (const query of ['"budget', "budget)(", "budget AND", "NOT budget*("]) {
      const reply = await user.call("notes_search", { query });
      expect(reply.result.isError, `${query}: ${textOf(reply)}`).toBeFalsy();
      expect(reply.result.structuredContent.hits.length, query).toBeGreaterThan(0);
    }
    for (const query of ["AND OR NOT", "*", "tag:", '""']) {
      const reply = await user.call("notes_search", { query });
      expect(reply.error, query).toBeUndefined();
      expect(textOf(reply), query).not.toMatch(/unexpectedly|SQL|fts5/i);
    }
    const none = await user.call("notes_search", { query: "zeppelin" });
    expect(textOf(none)).toContain("No notes match");
  });

  it("pages search results and lists across page boundaries with cursors, and refuses a forged cursor", async () => {
    const user = await newUser();
    const made = await user.ok("notes_import", {
      notes: Array.from({ length: 7 }, (_, index) => ({
        title: `Report ${index}`,
        body: `quarterly report number ${index}`,
        tags: ["reports"],
      })),
    });
    expect(made.createdCount).toBe(7);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await user.call("notes_search", { query: "report", limit: 3, ...(cursor && { cursor }) });
      const page = reply.result.structuredContent;
      seen.push(...page.hits.map((hit: { id: string }) => hit.id));
      cursor = page.nextCursor;
      if (cursor) expect(textOf(reply)).toContain(`cursor "${cursor}"`);
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);

    const listed: string[] = [];
    cursor = undefined;
    do {
      const page = await user.ok("notes_list", { tag: "reports", order: "title", limit: 4, ...(cursor && { cursor }) });
      listed.push(...page.notes.map((note: { title: string }) => note.title));
      if (page.nextCursor) expect(page.remaining).toBe(3);
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed).toEqual(Array.from({ length: 7 }, (_, index) => `Report ${index}`));

    for (const tool of ["notes_list", "notes_search", "notes_tags", "notes_export"]) {
      const forged = await user.call(tool, { query: "report", cursor: "bm90LWEtY3Vyc29y" });
      expect(forged.result.isError, tool).toBe(true);
      expect(textOf(forged), tool).toMatch(/cursor/i);
    }
  });

  it("counts tags, most used first, with a prefix filter", async () => {
    const user = await newUser();
    await user.ok("notes_create", { title: "a", body: "", tags: ["work", "urgent"] });
    await user.ok("notes_create", { title: "b", body: "", tags: ["work"] });
    await user.ok("notes_create", { title: "c", body: "", tags: ["weekend"] });
    const all = await user.ok("notes_tags", {});
    expect(all.tags).toEqual([
      { tag: "work", count: 2 },
      { tag: "urgent", count: 1 },
      { tag: "weekend", count: 1 },
    ]);
    const w = await user.ok("notes_tags", { prefix: "W" });
    expect(w.tags.map((entry: { tag: string }) => entry.tag)).toEqual(["work", "weekend"]);
    const empty = await newUser();
    expect(textOf(await empty.call("notes_tags", {}))).toContain("No note has tags yet");
  });
});
