/**
 * The schemas' maxima for what one call carries are reachable within the request limit, a call a
 * little over a maximum gets an isError result naming the limit and what to do, and only a call far
 * over the request limit meets the edge's 413 (src/toolkits/workspace/request-limits.ts).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_REQUEST_BYTES, readConfig } from "../../../src/config";
import { bytesToBase64 } from "../../../src/lib/encoding";
import {
  ARGUMENT_HEADROOM_BYTES,
  ARGUMENT_MAX_CHARS,
  REQUEST_ENVELOPE_BYTES,
  uploadLimits,
} from "../../../src/toolkits/workspace/request-limits";
import { NOTE_LIMITS } from "../../../src/workspace/limits";
import { postMcp } from "../../helpers/worker";
import { newUser, textOf } from "./helpers";

/** The body a tools/call request for these arguments sends, in bytes. */
function requestBytes(name: string, args: Record<string, unknown>): number {
  return new TextEncoder().encode(
    JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }),
  ).byteLength;
}

/** Valid base64 of exactly `chars` characters (a multiple of 4). */
const base64Of = (chars: number) => bytesToBase64(new Uint8Array((chars / 4) * 3).map((_, index) => (index * 7) % 256));

describe("how much one call carries", () => {
  it("derives the argument maximum from the default request limit, and says so in the schemas", async () => {
    expect(readConfig({}).maxRequestBytes).toBe(DEFAULT_MAX_REQUEST_BYTES);
    expect(ARGUMENT_MAX_CHARS + REQUEST_ENVELOPE_BYTES + ARGUMENT_HEADROOM_BYTES).toBe(DEFAULT_MAX_REQUEST_BYTES);
    const user = await newUser();
    const tools = (await user.rpc("tools/list")).result.tools as { name: string; inputSchema: any }[];
    const schema = (name: string) => tools.find((tool) => tool.name === name)?.inputSchema;
    expect(schema("files_upload").properties.content.maxLength).toBe(ARGUMENT_MAX_CHARS);
    expect(schema("notes_import").properties.bundle.maxLength).toBe(ARGUMENT_MAX_CHARS);
    expect(schema("notes_import").properties.notes.items.properties.body.maxLength).toBe(ARGUMENT_MAX_CHARS);
    expect(uploadLimits({ env: {} as Env, config: readConfig({}) }).base64Bytes).toBe((ARGUMENT_MAX_CHARS / 4) * 3);
  });

  it("files_upload: the maximum is stored, a little over is an isError naming the limit, far over is a 413 saying what to do", async () => {
    const user = await newUser();
    const atMax = { name: "max.bin", content: base64Of(ARGUMENT_MAX_CHARS), encoding: "base64" };
    expect(requestBytes("files_upload", atMax)).toBeLessThan(DEFAULT_MAX_REQUEST_BYTES);
    expect((await user.ok("files_upload", atMax)).size).toBe((ARGUMENT_MAX_CHARS / 4) * 3);

    const over = { name: "over.bin", content: base64Of(ARGUMENT_MAX_CHARS + 4), encoding: "base64" };
    const refused = await user.call("files_upload", over);
    expect(refused.result.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /content is longer than 978,944 characters, the most one files_upload call carries \(a file of 717 KB as base64\)\. Upload a smaller file/,
    );

    // The top of the headroom still reaches the schema.
    const topOfHeadroom = { ...over, content: base64Of(ARGUMENT_MAX_CHARS + ARGUMENT_HEADROOM_BYTES - 512) };
    expect(requestBytes("files_upload", topOfHeadroom)).toBeLessThanOrEqual(DEFAULT_MAX_REQUEST_BYTES);
    expect((await user.call("files_upload", topOfHeadroom)).result.isError).toBe(true);

    const far = { ...over, content: base64Of(DEFAULT_MAX_REQUEST_BYTES) };
    const response = await postMcp(
      user.token,
      { jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "files_upload", arguments: far } },
      { "Mcp-Session-Id": user.session },
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toMatch(
      /Send less in one request: split an import into several calls, or upload a smaller file/,
    );
    expect((await user.ok("files_list", {})).files).toHaveLength(1);
  });

  it("notes_import: a bundle at the maximum is read, a little over or more than 200 notes is an isError saying to split", async () => {
    const user = await newUser();
    // A bundle of exactly the maximum: notes whose bodies fill it, the last one padded to the character.
    const entry = (index: number, body: string) =>
      `---\nid: n_${String(index).padStart(16, "0")}\ntitle: "Note ${index}"\ntags: []\n---\n\n${body}\n\n`;
    const parts = Array.from({ length: 9 }, (_, index) => entry(index, "x".repeat(NOTE_LIMITS.bodyChars - 1))); // read back with a final newline
    const used = parts.join("").length + entry(9, "").length;
    const bundle = parts.join("") + entry(9, "y".repeat(ARGUMENT_MAX_CHARS - used));
    expect(bundle.length).toBe(ARGUMENT_MAX_CHARS);
    expect(requestBytes("notes_import", { bundle })).toBeLessThan(DEFAULT_MAX_REQUEST_BYTES);
    const imported = await user.call("notes_import", { bundle });
    expect(imported.result.isError).toBeFalsy();
    expect(imported.result.structuredContent).toMatchObject({ createdCount: 10, refusedCount: 0 });

    const over = await user.call("notes_import", { bundle: `${bundle}z` });
    expect(over.result.isError).toBe(true);
    expect(textOf(over)).toContain(
      "bundle is longer than 978,944 characters, the most one notes_import call carries. Split the import into several notes_import calls",
    );

    const many = await user.call("notes_import", {
      notes: Array.from({ length: 201 }, (_, index) => ({ title: `t${index}`, body: "b" })),
    });
    expect(many.result.isError).toBe(true);
    expect(textOf(many)).toContain("notes_import takes at most 200 notes per call. Split the import");
  });
});
