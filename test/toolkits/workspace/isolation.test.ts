import { evictAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { FILE_URI_TEMPLATE } from "../../../src/toolkits/workspace/file-template";
import { WORKSPACE_READ } from "../../../src/toolkits/workspace/scopes";
import { newUser, textOf } from "./helpers";

describe("two users, and grants", () => {
  it("never lets one user read, list, search, complete or infer another's notes and files", async () => {
    const alice = await newUser(undefined, "test:alice-isolation");
    const bob = await newUser(undefined, "test:bob-isolation");
    const { id: noteId } = await alice.ok("notes_create", {
      title: "Alice secret plan",
      body: "zebra launch codes",
      tags: ["secret"],
    });
    const { id: fileId } = await alice.ok("files_upload", { name: "alice-secret.txt", content: "zebra" });

    for (const [tool, args] of [
      ["notes_get", { id: noteId }],
      ["notes_update", { id: noteId, expectedVersion: 1, body: "hijacked" }],
      ["notes_delete", { id: noteId }],
      ["files_get", { id: fileId }],
      ["files_delete", { id: fileId }],
    ] as const) {
      const reply = await bob.call(tool, args);
      expect(reply.result.isError, tool).toBe(true);
      expect(textOf(reply), tool).not.toContain("zebra");
    }
    expect((await bob.ok("notes_search", { query: "zebra" })).hits).toEqual([]);
    expect((await bob.ok("notes_list", {})).notes).toEqual([]);
    expect((await bob.ok("notes_tags", {})).tags).toEqual([]);
    expect((await bob.ok("files_list", {})).files).toEqual([]);
    const exported = await bob.call("notes_export", {});
    expect(JSON.stringify(exported.result)).not.toContain("zebra");

    const listed = await bob.rpc("resources/list");
    expect(listed.result.resources.filter((resource: { uri: string }) => /^(note|file):/.test(resource.uri))).toEqual(
      [],
    );
    expect(JSON.stringify(listed.result)).not.toMatch(new RegExp(`Alice|${noteId}|${fileId}`));
    for (const uri of [`note://${noteId}`, `file://${fileId}`])
      expect((await bob.rpc("resources/read", { uri })).error.code, uri).toBe(-32002);
    const completions = await Promise.all([
      bob.rpc("completion/complete", {
        ref: { type: "ref/resource", uri: "note://{id}" },
        argument: { name: "id", value: "Alice" },
      }),
      bob.rpc("completion/complete", {
        ref: { type: "ref/resource", uri: "note://{id}" },
        argument: { name: "id", value: noteId },
      }),
      bob.rpc("completion/complete", {
        ref: { type: "ref/resource", uri: FILE_URI_TEMPLATE },
        argument: { name: "id", value: "alice" },
      }),
      bob.rpc("completion/complete", {
        ref: { type: "ref/prompt", name: "summarize_notes" },
        argument: { name: "tag", value: "sec" },
      }),
    ]);
    for (const completion of completions) expect(completion.result.completion.values).toEqual([]);
    const prompt = await bob.rpc("prompts/get", { name: "summarize_notes", arguments: { tag: "secret" } });
    expect(JSON.stringify(prompt.result)).not.toContain("zebra");

    // Alice still has everything, untouched.
    expect((await alice.ok("notes_get", { id: noteId })).body).toBe("zebra launch codes");
    expect((await alice.ok("notes_search", { query: "zebra" })).hits).toHaveLength(1);
  });

  it("keeps writes behind workspace:write: a read-only grant sees no write tools and cannot call them", async () => {
    const reader = await newUser([WORKSPACE_READ]);
    const tools = (await reader.rpc("tools/list")).result.tools.map((tool: { name: string }) => tool.name);
    expect(tools).toEqual(expect.arrayContaining(["notes_get", "notes_search", "files_get", "notes_export"]));
    for (const write of [
      "notes_create",
      "notes_update",
      "notes_delete",
      "notes_import",
      "files_upload",
      "files_delete",
    ])
      expect(tools).not.toContain(write);
    const refused = await reader.call("notes_create", { title: "x", body: "" });
    expect(refused.result.isError).toBe(true);
    expect(textOf(refused)).toContain("workspace:write");
    const none = await newUser(["session:read"]);
    expect((await none.rpc("resources/read", { uri: "note://n_0000000000000000" })).error.code).toBe(-32602);
  });

  it("keeps every acknowledged write across a restart of the objects", async () => {
    const user = await newUser(undefined, "test:durable");
    const { id: noteId } = await user.ok("notes_create", {
      title: "Durable",
      body: "survives eviction",
      tags: ["keep"],
    });
    await user.ok("notes_update", { id: noteId, expectedVersion: 1, body: "survives eviction, v2" });
    const bytes = Uint8Array.from({ length: 300 }, (_, index) => index % 256);
    const { id: fileId } = await user.ok("files_upload", {
      name: "bytes.bin",
      content: btoa(String.fromCharCode(...bytes)),
      encoding: "base64",
    });

    await evictAllDurableObjects();

    const again = await newUser(undefined, "test:durable");
    expect(await again.ok("notes_get", { id: noteId })).toMatchObject({
      body: "survives eviction, v2",
      version: 2,
      tags: ["keep"],
    });
    expect((await again.ok("notes_search", { query: "eviction" })).hits.map((hit: { id: string }) => hit.id)).toEqual([
      noteId,
    ]);
    const file = await again.rpc("resources/read", { uri: `file://${fileId}` });
    expect(file.result.contents[0].blob).toBe(btoa(String.fromCharCode(...bytes)));
  });
});
