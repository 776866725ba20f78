import { describe, expect, it } from "vitest";
import { IMPORT_BATCH, IMPORT_MAX_NOTES } from "../../../src/toolkits/workspace/notes-import";
import { NOTE_LIMITS } from "../../../src/workspace/limits";
import { postMcp, rpcMessages } from "../../helpers/worker";
import { newUser, textOf } from "./helpers";

describe("notes_import and notes_export", () => {
  it("imports valid notes in batches with progress, and reports refused ones with reasons", async () => {
    const user = await newUser();
    const notes = Array.from({ length: IMPORT_BATCH + 5 }, (_, index) => ({
      title: `Imported ${index}`,
      body: `body ${index}`,
    }));
    notes.splice(3, 0, { title: "", body: "no title" });
    notes.splice(10, 0, { title: "Bad tag", body: "", tags: ["has space"] } as never);
    notes.splice(12, 0, { title: "Too long", body: "x".repeat(NOTE_LIMITS.bodyChars + 1) });

    const response = await postMcp(
      user.token,
      {
        jsonrpc: "2.0",
        id: 77,
        method: "tools/call",
        params: { name: "notes_import", arguments: { notes, tags: ["imported"] }, _meta: { progressToken: "p1" } },
      },
      { "Mcp-Session-Id": user.session, "MCP-Protocol-Version": "2025-11-25" },
    );
    const messages = await rpcMessages(response);
    const progress = messages
      .filter((message) => message.method === "notifications/progress")
      .map((message) => message.params);
    expect(progress.length).toBe(2);
    expect(progress.map((p) => p.progress)).toEqual([IMPORT_BATCH, IMPORT_BATCH + 5]);
    expect(progress.every((p) => p.total === IMPORT_BATCH + 5 && p.progressToken === "p1")).toBe(true);

    const result = messages.find((message) => message.id === 77)?.result;
    expect(result.structuredContent.createdCount).toBe(IMPORT_BATCH + 5);
    expect(result.structuredContent.refused.map((entry: { index: number }) => entry.index)).toEqual([3, 10, 12]);
    expect(result.structuredContent.refused[0].reason).toContain("title");
    expect(result.structuredContent.refused[1].reason).toContain("letters, digits");
    expect(result.structuredContent.refused[2].reason).toContain(String(NOTE_LIMITS.bodyChars));
    const tags = await user.ok("notes_tags", {});
    expect(tags.tags).toEqual([{ tag: "imported", count: IMPORT_BATCH + 5 }]);
  });

  it("refuses more than the per-call maximum before writing anything", async () => {
    const user = await newUser();
    const notes = Array.from({ length: IMPORT_MAX_NOTES + 1 }, (_, index) => ({ title: `n${index}`, body: "" }));
    const reply = await user.call("notes_import", { notes });
    expect(reply.result.isError).toBe(true);
    expect((await user.ok("notes_list", {})).notes).toEqual([]);
    const neither = await user.call("notes_import", {});
    expect(textOf(neither)).toContain("either notes");
  });

  it("exports a bundle in parts that notes_import reads back into an identical workspace", async () => {
    const source = await newUser();
    const originals = Array.from({ length: 6 }, (_, index) => ({
      title: `Chapter "${index}" — ✍️`,
      body: `${"Lorem ipsum dolor sit amet. ".repeat(700)}\n---\nnot front matter ${index}\n`,
      tags: [`part-${index % 2}`],
    }));
    await source.ok("notes_import", { notes: originals });

    const bundles: string[] = [];
    let cursor: string | undefined;
    do {
      const reply = await source.call("notes_export", cursor ? { cursor } : {});
      expect(reply.result.isError).toBeFalsy();
      const resource = reply.result.content.find((block: { type: string }) => block.type === "resource").resource;
      expect(resource.mimeType).toBe("text/markdown");
      bundles.push(resource.text);
      cursor = reply.result.structuredContent.nextCursor;
    } while (cursor);
    expect(bundles.length).toBeGreaterThan(1);

    const target = await newUser();
    for (const bundle of bundles) await target.ok("notes_import", { bundle });
    const copied = await target.ok("notes_list", { order: "title", limit: 10 });
    expect(copied.notes.length).toBe(6);
    for (const summary of copied.notes) {
      const note = await target.ok("notes_get", { id: summary.id });
      const original = originals.find((candidate) => candidate.title === note.title);
      expect(original, note.title).toBeDefined();
      expect(note.body).toBe(original?.body);
      expect(note.tags).toEqual(original?.tags);
    }
  });
});
