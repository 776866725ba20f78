import { describe, expect, it } from "vitest";
import { FILE_URI_TEMPLATE } from "../../../src/toolkits/workspace/file-template";
import { newUser } from "./helpers";

describe("note:// and file:// templates", () => {
  it("lists notes and files with pagination, reads them, and answers -32002 for unknown ids", async () => {
    const user = await newUser();
    await user.ok("notes_import", {
      notes: Array.from({ length: 55 }, (_, index) => ({ title: `Note ${index}`, body: `body ${index}` })),
    });
    const { id: fileId } = await user.ok("files_upload", {
      name: "todo.md",
      content: "# To do\n- ship",
      type: "text/markdown",
    });

    const uris: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await user.rpc("resources/list", cursor ? { cursor } : {});
      uris.push(...reply.result.resources.map((resource: { uri: string }) => resource.uri));
      cursor = reply.result.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(uris.filter((uri) => uri.startsWith("note://")).length).toBe(55);
    expect(uris).toContain(`file://${fileId}`);
    expect(pages).toBeGreaterThan(2);

    const bad = await user.rpc("resources/list", { cursor: "garbage!" });
    expect(bad.error.code).toBe(-32602);

    const templates = await user.rpc("resources/templates/list");
    expect(templates.result.resourceTemplates.map((template: { uriTemplate: string }) => template.uriTemplate)).toEqual(
      expect.arrayContaining(["note://{id}", FILE_URI_TEMPLATE]),
    );

    const noteUri = uris.find((uri) => uri.startsWith("note://")) as string;
    const note = await user.rpc("resources/read", { uri: noteUri });
    expect(note.result.contents[0]).toMatchObject({ uri: noteUri, mimeType: "text/markdown" });
    expect(note.result.contents[0].text).toMatch(/^---\nid: n_/);

    const file = await user.rpc("resources/read", { uri: `file://${fileId}` });
    expect(file.result.contents[0]).toEqual({
      uri: `file://${fileId}`,
      mimeType: "text/markdown",
      text: "# To do\n- ship",
    });

    for (const uri of [
      "note://n_0000000000000000",
      "file://f_0000000000000000",
      "note://../x",
      "file://f_0000000000000000/extra",
    ]) {
      const missing = await user.rpc("resources/read", { uri });
      expect(missing.error?.code, uri).toBe(-32002);
    }
  });

  it("completes ids by title and name prefix, from the caller's own workspace", async () => {
    const user = await newUser();
    const { id: recipe } = await user.ok("notes_create", { title: "Recipe: pancakes", body: "" });
    await user.ok("notes_create", { title: "Reading list", body: "" });
    const { id: report } = await user.ok("files_upload", { name: "report-2026.txt", content: "numbers" });

    const notes = await user.rpc("completion/complete", {
      ref: { type: "ref/resource", uri: "note://{id}" },
      argument: { name: "id", value: "recipe" },
    });
    expect(notes.result.completion.values).toEqual([recipe]);
    const byId = await user.rpc("completion/complete", {
      ref: { type: "ref/resource", uri: "note://{id}" },
      argument: { name: "id", value: recipe },
    });
    expect(byId.result.completion.values).toEqual([recipe]);
    const files = await user.rpc("completion/complete", {
      ref: { type: "ref/resource", uri: FILE_URI_TEMPLATE },
      argument: { name: "id", value: "REP" },
    });
    expect(files.result.completion.values).toEqual([report]);
  });
});

describe("prompts", () => {
  it("summarize_notes embeds the notes with a tag, or matching a query, as resources", async () => {
    const user = await newUser();
    await user.ok("notes_create", { title: "Standup Monday", body: "Shipped the importer.", tags: ["standup"] });
    await user.ok("notes_create", { title: "Standup Tuesday", body: "Fixed search ranking.", tags: ["standup"] });
    await user.ok("notes_create", { title: "Shopping", body: "Apples", tags: ["home"] });

    const byTag = await user.rpc("prompts/get", { name: "summarize_notes", arguments: { tag: "standup" } });
    const resources = byTag.result.messages
      .filter((message: any) => message.content.type === "resource")
      .map((message: any) => message.content.resource);
    expect(resources.map((resource: any) => resource.mimeType)).toEqual(["text/markdown", "text/markdown"]);
    expect(resources.map((resource: any) => resource.text).join("\n")).toContain("Fixed search ranking.");
    expect(resources.every((resource: any) => resource.uri.startsWith("note://n_"))).toBe(true);

    const byQuery = await user.rpc("prompts/get", { name: "summarize_notes", arguments: { query: "apples" } });
    expect(byQuery.result.messages.filter((message: any) => message.content.type === "resource")).toHaveLength(1);

    const both = await user.rpc("prompts/get", {
      name: "summarize_notes",
      arguments: { tag: "standup", query: "importer" },
    });
    const bothTexts = both.result.messages
      .filter((message: any) => message.content.type === "resource")
      .map((message: any) => message.content.resource.text);
    expect(bothTexts).toHaveLength(1);
    expect(bothTexts[0]).toContain("Shipped the importer.");

    // A prompt form sent with every optional field blank means "my latest notes".
    const neither = await user.rpc("prompts/get", { name: "summarize_notes", arguments: {} });
    expect(neither.result.messages.filter((message: any) => message.content.type === "resource")).toHaveLength(3);
    expect(neither.result.description).toContain("updated most recently");

    const tags = await user.rpc("completion/complete", {
      ref: { type: "ref/prompt", name: "summarize_notes" },
      argument: { name: "tag", value: "st" },
    });
    expect(tags.result.completion.values).toEqual(["standup"]);
  });

  it("weekly_review takes notes changed in the last N days and validates N", async () => {
    const user = await newUser();
    await user.ok("notes_create", { title: "This week", body: "Progress", tags: ["work"] });
    const review = await user.rpc("prompts/get", { name: "weekly_review", arguments: { days: "7" } });
    expect(review.result.messages[0].content.text).toContain("last 7 days");
    expect(review.result.messages.filter((message: any) => message.content.type === "resource")).toHaveLength(1);
    const defaulted = await user.rpc("prompts/get", { name: "weekly_review", arguments: {} });
    expect(defaulted.result.messages).toHaveLength(2);

    for (const days of ["0", "91", "seven", "-1"]) {
      const invalid = await user.rpc("prompts/get", { name: "weekly_review", arguments: { days } });
      expect(invalid.error?.code, days).toBe(-32602);
    }
    const edge = await user.rpc("prompts/get", { name: "weekly_review", arguments: { days: "90" } });
    expect(edge.error).toBeUndefined();
    const days = await user.rpc("completion/complete", {
      ref: { type: "ref/prompt", name: "weekly_review" },
      argument: { name: "days", value: "1" },
    });
    expect(days.result.completion.values).toEqual(["14"]);
  });
});
