/**
 * Storage-level isolation: each user id names its own object and R2 prefix, so ids, searches,
 * completions and counts from one workspace say nothing about another. (The OAuth-level test with
 * two real identities lives with the toolkit.)
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { pngImage } from "./fixtures";
import { refused, value, workspace } from "./helpers";

describe("two users", () => {
  it("see only their own notes, files, tags, completions and usage", async () => {
    const alice = workspace("isolation-alice");
    const bob = workspace("isolation-bob");
    const note = value(
      await alice.createNote({ title: "Alice secret plan", body: "launch codes zeppelin", tags: ["private"] }),
    );
    const file = value(await alice.putFile({ name: "alice.png", bytes: pngImage() }));

    refused(await bob.getNote(note.id), "not_found");
    refused(await bob.updateNote({ id: note.id, expectedVersion: 1, body: "pwned" }), "not_found");
    refused(await bob.deleteNote(note.id), "not_found");
    refused(await bob.getFile(file.id), "not_found");
    refused(await bob.getFileInfo(file.id), "not_found");
    refused(await bob.deleteFile(file.id), "not_found");
    expect(value(await bob.searchNotes({ query: "zeppelin" })).items).toEqual([]);
    expect(value(await bob.searchNotes({ query: "tag:private" })).items).toEqual([]);
    expect(value(await bob.listNotes({})).items).toEqual([]);
    expect(value(await bob.listTags())).toEqual([]);
    expect(value(await bob.completeTitles("Alice"))).toEqual([]);
    expect(value(await bob.completeTags("p"))).toEqual([]);
    expect(value(await bob.completeFileNames("alice"))).toEqual([]);
    expect(value(await bob.listFiles({})).items).toEqual([]);
    expect(await bob.usage()).toMatchObject({ notes: 0, files: 0, fileBytes: 0 });
    // A cursor from Alice's list is not a window into it from Bob's object.
    value(
      await alice.importNotes([
        { title: "a2", body: "" },
        { title: "a3", body: "" },
      ]),
    );
    const cursor = value(await alice.listNotes({ limit: 1 })).nextCursor;
    expect(value(await bob.listNotes({ cursor })).items).toEqual([]);

    // Alice still has everything, untouched.
    expect(value(await alice.getNote(note.id)).body).toBe("launch codes zeppelin");
    expect(value(await alice.getFile(file.id)).bytes).toEqual(pngImage());
    // Separate R2 prefixes named by object id, not by user name.
    const aliceKeys = (await env.FILES.list({ prefix: `users/${alice.id.toString()}/` })).objects;
    const bobKeys = (await env.FILES.list({ prefix: `users/${bob.id.toString()}/` })).objects;
    expect(aliceKeys).toHaveLength(1);
    expect(bobKeys).toHaveLength(0);
    expect(aliceKeys[0]?.key).not.toContain("alice");
  });
});
