import { describe, expect, it } from "vitest";
import { NOTE_LIMITS } from "../../../src/workspace/limits";
import { newUser, textOf } from "./helpers";

describe("notes_create, notes_get, notes_update, notes_delete", () => {
  it("creates a note and reads it back with its version", async () => {
    const user = await newUser();
    const created = await user.ok("notes_create", {
      title: "Groceries",
      body: "- oat milk\n- lemons",
      tags: ["Home", "#errands"],
    });
    expect(created).toMatchObject({ title: "Groceries", version: 1, tags: ["home", "errands"], chars: 19 });
    expect(created.id).toMatch(/^n_[0-9a-z]{16}$/);

    const reply = await user.call("notes_get", { id: created.id });
    expect(reply.result.structuredContent).toMatchObject({
      id: created.id,
      body: "- oat milk\n- lemons",
      version: 1,
      bodyTruncated: false,
      offset: 0,
    });
    expect(textOf(reply)).toContain("# Groceries");
    expect(textOf(reply)).toContain("- oat milk");
  });

  it("updates with the version it read, and refuses a stale version without overwriting", async () => {
    const user = await newUser();
    const { id } = await user.ok("notes_create", { title: "Plan", body: "first draft" });
    const updated = await user.ok("notes_update", { id, expectedVersion: 1, body: "second draft" });
    expect(updated.version).toBe(2);

    const stale = await user.call("notes_update", { id, expectedVersion: 1, body: "lost update" });
    expect(stale.result.isError).toBe(true);
    expect(textOf(stale)).toContain("changed since you read it");
    expect(textOf(stale)).toContain("version 2");
    expect(textOf(stale)).toContain("expectedVersion 2");
    const current = await user.ok("notes_get", { id });
    expect(current.body).toBe("second draft");
    expect(current.version).toBe(2);
  });

  it("asks for at least one change", async () => {
    const user = await newUser();
    const { id } = await user.ok("notes_create", { title: "Same", body: "" });
    const reply = await user.call("notes_update", { id, expectedVersion: 1 });
    expect(reply.result.isError).toBe(true);
    expect(textOf(reply)).toContain("Nothing to change");
  });

  it("deletes, honours expectedVersion, and reports a missing note with the next step", async () => {
    const user = await newUser();
    const { id } = await user.ok("notes_create", { title: "Temp", body: "x" });
    await user.ok("notes_update", { id, expectedVersion: 1, title: "Temp 2" });
    const guarded = await user.call("notes_delete", { id, expectedVersion: 1 });
    expect(guarded.result.isError).toBe(true);
    expect(textOf(guarded)).toContain("Nothing was deleted");
    expect((await user.ok("notes_get", { id })).title).toBe("Temp 2");

    expect(await user.ok("notes_delete", { id, expectedVersion: 2 })).toEqual({ id, deleted: true });
    const again = await user.call("notes_get", { id });
    expect(again.result.isError).toBe(true);
    expect(textOf(again)).toContain("notes_search or notes_list");
    const twice = await user.call("notes_delete", { id });
    expect(twice.result.isError).toBe(true);
  });

  it("refuses invalid ids, oversized bodies, too many tags, NUL bytes and broken surrogates, writing nothing", async () => {
    const user = await newUser();
    const badId = await user.call("notes_get", { id: "../../etc/passwd" });
    expect(badId.result.isError).toBe(true);
    expect(textOf(badId)).toMatch(/n_/);

    const atLimit = await user.call("notes_create", { title: "Long", body: "a".repeat(NOTE_LIMITS.bodyChars) });
    expect(atLimit.result.isError).toBeFalsy();
    const over = await user.call("notes_create", { title: "Too long", body: "a".repeat(NOTE_LIMITS.bodyChars + 1) });
    expect(over.result.isError).toBe(true);
    expect(textOf(over)).toContain(String(NOTE_LIMITS.bodyChars));

    const tags = Array.from({ length: NOTE_LIMITS.tagsPerNote + 1 }, (_, index) => `t${index}`);
    const tooMany = await user.call("notes_create", { title: "Tags", body: "", tags });
    expect(tooMany.result.isError).toBe(true);
    const nul = await user.call("notes_create", { title: "Nul", body: "a\u0000b" });
    expect(nul.result.isError).toBe(true);
    expect(textOf(nul)).toContain("NUL");
    const surrogate = await user.call("notes_create", { title: "Broken \ud83d", body: "" });
    expect(surrogate.result.isError).toBe(true);

    const list = await user.ok("notes_list", {});
    expect(list.notes.map((note: { title: string }) => note.title)).toEqual(["Long"]);
  });

  it("keeps emoji, right-to-left text and combining marks exactly", async () => {
    const user = await newUser();
    const title = "مرحبا بالعالم 👋🏽";
    const body = "שלום — e\u0301 — 👨‍👩‍👧 — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢";
    const { id, chars } = await user.ok("notes_create", { title, body, tags: ["ملاحظات"] });
    expect(chars).toBe([...body].length);
    const note = await user.ok("notes_get", { id });
    expect(note.title).toBe(title);
    expect(note.body).toBe(body);
    expect(note.tags).toEqual(["ملاحظات"]);
  });

  it("returns a long body in parts under the output cap", async () => {
    const user = await newUser();
    const body = Array.from(
      { length: NOTE_LIMITS.bodyChars / 10 },
      (_, index) => `"${String(index).padStart(7, "0")}"`,
    ).join("");
    const { id } = await user.ok("notes_create", { title: "Big", body });
    let offset = 0;
    let rebuilt = "";
    let parts = 0;
    for (;;) {
      const reply = await user.call("notes_get", { id, offset });
      expect(reply.result.isError).toBeFalsy();
      const data = reply.result.structuredContent;
      rebuilt += data.body;
      parts++;
      if (!data.bodyTruncated) break;
      expect(textOf(reply)).toContain(`offset ${data.nextOffset}`);
      offset = data.nextOffset;
    }
    expect(parts).toBeGreaterThan(1);
    expect(rebuilt).toBe(body);
    const past = await user.call("notes_get", { id, offset: body.length });
    expect(past.result.isError).toBe(true);
  });
});
