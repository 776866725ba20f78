/**
 * Every workspace tool whose result can be large stays within the output cap in estimated tokens,
 * for CJK and emoji as for ASCII, and says how to get the rest with another call of the same tool.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_TOOL_OUTPUT_MAX_TOKENS } from "../../../src/config";
import { resultTokens } from "../../../src/mcp/output-cap";
import { filesList } from "../../../src/toolkits/workspace/files-list";
import { filesUpload } from "../../../src/toolkits/workspace/files-upload";
import { notesCreate } from "../../../src/toolkits/workspace/notes-create";
import { notesExport } from "../../../src/toolkits/workspace/notes-export";
import { notesList } from "../../../src/toolkits/workspace/notes-list";
import { notesSearch } from "../../../src/toolkits/workspace/notes-search";
import { notesTags } from "../../../src/toolkits/workspace/notes-tags";
import { NOTE_LIMITS } from "../../../src/workspace/limits";
import { call, textOf, toolContext } from "../tool-context";
import { newUser, textOf as replyText } from "./helpers";

const SCOPES = ["workspace:read", "workspace:write"];
const CJK = "語文字漢字日本中文한국";
const cjk = (length: number, seed = 0) =>
  Array.from({ length }, (_, index) => CJK[(index + seed) % CJK.length]).join("");

describe("reading long text in parts, at the default cap", () => {
  it("notes_get returns a CJK and emoji body in parts that each fit, and point to the next offset", async () => {
    const user = await newUser();
    const body = Array.from({ length: NOTE_LIMITS.bodyChars / 10 }, (_, index) =>
      index % 2 ? cjk(9, index) + "\n" : "🎉😀 mixed é",
    )
      .join("")
      .slice(0, NOTE_LIMITS.bodyChars);
    const { id } = await user.ok("notes_create", { title: "長い", body });
    const characters = [...body];
    let offset = 0;
    let rebuilt = "";
    for (let parts = 1; ; parts++) {
      const reply = await user.call("notes_get", { id, offset });
      expect(reply.result.isError).toBeFalsy();
      const size = resultTokens(reply.result);
      expect(size).toBeLessThanOrEqual(DEFAULT_TOOL_OUTPUT_MAX_TOKENS);
      const data = reply.result.structuredContent;
      rebuilt += data.body;
      if (!data.bodyTruncated) break;
      expect(size).toBeGreaterThan(DEFAULT_TOOL_OUTPUT_MAX_TOKENS * 0.95);
      expect(replyText(reply)).toContain(`[Body continues: call notes_get with offset ${data.nextOffset}.]`);
      offset = data.nextOffset;
      expect(parts).toBeLessThan(40);
    }
    expect(rebuilt).toBe(body);
    expect([...rebuilt].length).toBe(characters.length);
  });

  it("files_get returns a long CJK text file in parts with nextOffset, never pointing at resources/read", async () => {
    const user = await newUser();
    const content = `${cjk(40_000)}😀${cjk(100)}`;
    const stored = await user.ok("files_upload", { name: "long.txt", content });
    let offset = 0;
    let rebuilt = "";
    for (;;) {
      const reply = await user.call("files_get", { id: stored.id, ...(offset && { offset }) });
      expect(reply.result.isError).toBeFalsy();
      expect(resultTokens(reply.result)).toBeLessThanOrEqual(DEFAULT_TOOL_OUTPUT_MAX_TOKENS);
      const text = replyText(reply);
      expect(text).not.toContain("resources/read");
      const data = reply.result.structuredContent;
      rebuilt += text.slice(
        text.indexOf(":\n\n") + 3,
        data.truncated ? text.lastIndexOf("\n\n[File continues") : undefined,
      );
      if (!data.truncated) break;
      expect(text).toContain(`call files_get with offset ${data.nextOffset} for the next part`);
      offset = data.nextOffset;
    }
    expect(rebuilt).toBe(content);
  });
});

describe("lists trimmed to the cap, continued by cursor", () => {
  const cap = 2_000;

  it("notes_list, notes_search and notes_tags return fewer items than asked when they would not fit, and the cursor continues", async () => {
    const ctx = toolContext(`budget-${crypto.randomUUID()}`, SCOPES, cap);
    const ids = new Set<string>();
    for (let index = 0; index < 12; index++) {
      const created = await call(
        notesCreate,
        { title: cjk(150, index), body: `findme ${cjk(50)}`, tags: [`tag${index}`, "共通"] },
        ctx,
      );
      ids.add((created.structuredContent as { id: string }).id);
    }
    for (const [tool, args, field] of [
      [notesList, { limit: 12 }, "notes"],
      [notesSearch, { query: "findme", limit: 12 }, "hits"],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const result = await call(tool, { ...args, ...(cursor && { cursor }) }, ctx);
        expect(result.isError, tool.name).toBeFalsy();
        expect(resultTokens(result), tool.name).toBeLessThanOrEqual(cap);
        const data = result.structuredContent as Record<string, { id: string }[]> & { nextCursor?: string };
        seen.push(...(data[field] ?? []).map((item) => item.id));
        cursor = data.nextCursor;
        if (cursor) expect(textOf(result)).toContain(`call ${tool.name} again with cursor "${cursor}"`);
        pages++;
      } while (cursor);
      expect(pages, tool.name).toBeGreaterThan(1);
      expect(new Set(seen), tool.name).toEqual(ids);
      expect(seen, tool.name).toHaveLength(ids.size);
    }
    const tags = await call(notesTags, {}, toolContext(ctx.props.userId, SCOPES, 150));
    expect(resultTokens(tags)).toBeLessThanOrEqual(150);
    expect((tags.structuredContent as { nextCursor?: string }).nextCursor).toBeDefined();
  });

  it("files_list trims a page of long CJK names the same way", async () => {
    const ctx = toolContext(`budget-${crypto.randomUUID()}`, SCOPES, cap);
    for (let index = 0; index < 8; index++)
      await call(filesUpload, { name: `${cjk(250, index)}.txt`, content: "x" }, ctx);
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(filesList, { limit: 8, ...(cursor && { cursor }) }, ctx);
      expect(resultTokens(page)).toBeLessThanOrEqual(cap);
      const data = page.structuredContent as { files: unknown[]; nextCursor?: string };
      sizes.push(data.files.length);
      cursor = data.nextCursor;
    } while (cursor);
    expect(sizes[0]).toBeLessThan(8);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(8);
  });

  it("notes_export fits each part, and points an oversized note to notes_get", async () => {
    const ctx = toolContext(`budget-${crypto.randomUUID()}`, SCOPES, cap);
    await call(notesCreate, { title: "big", body: cjk(5_000) }, ctx);
    for (let index = 0; index < 5; index++) await call(notesCreate, { title: `n${index}`, body: cjk(300, index) }, ctx);
    let cursor: string | undefined;
    let bundle = "";
    do {
      const result = await call(notesExport, cursor ? { cursor } : {}, ctx);
      expect(resultTokens(result)).toBeLessThanOrEqual(cap);
      bundle += JSON.stringify(result.content);
      cursor = (result.structuredContent as { nextCursor?: string }).nextCursor;
    } while (cursor);
    expect(bundle).toContain("too long for one export page. Read it with notes_get");
    expect(bundle).not.toContain("resources/read");
  });
});
