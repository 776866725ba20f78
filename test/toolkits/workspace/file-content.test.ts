import { encode as encodePng } from "fast-png";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/mcp/define";
import { resultTokens } from "../../../src/mcp/output-cap";
import {
  EMBED_MAX_BYTES,
  type FileContent,
  fileContent,
  isTextType,
} from "../../../src/toolkits/workspace/file-content";
import type { FileInfo } from "../../../src/workspace/api";

/** A cap of `tokens` on what the built content puts in the result. */
const within = (tokens: number) => ({
  offset: 0,
  fits: (built: FileContent) =>
    resultTokens({ content: [{ type: "text", text: built.text }, ...built.content] }) <= tokens,
});

const info = (contentType: string, size: number): FileInfo => ({
  id: "f_0123456789abcdef",
  name: "x",
  contentType,
  size,
  sha256: "0".repeat(64),
  createdAt: "2026-11-20T00:00:00.000Z",
});

describe("fileContent", () => {
  it("returns images as image content", () => {
    const bytes = encodePng({ width: 4, height: 4, data: new Uint8Array(64).fill(200), channels: 4, depth: 8 });
    const built = fileContent(info("image/png", bytes.length), bytes, within(100_000));
    expect(built.returnedAs).toBe("image");
    expect(built.content[0]).toMatchObject({ type: "image", mimeType: "image/png" });
    expect(built.text).not.toMatch(/[A-Za-z0-9+/]{40}/);
  });

  it("returns text as text and says when it was cut", () => {
    const bytes = new TextEncoder().encode("é".repeat(50));
    expect(fileContent(info("text/plain; charset=utf-8", bytes.length), bytes, within(1_000))).toMatchObject({
      returnedAs: "text",
      truncated: false,
    });
    const cut = fileContent(info("application/json", bytes.length), bytes, within(60));
    expect(cut).toMatchObject({ truncated: true, offset: 0, nextOffset: expect.any(Number) });
    expect(cut.text).toContain(`call files_get with offset ${cut.nextOffset} for the next part`);
    expect(cut.text).not.toContain("resources/read");
    const rest = fileContent(info("application/json", bytes.length), bytes, {
      ...within(60),
      offset: cut.nextOffset as number,
    });
    expect(rest.offset).toBe(cut.nextOffset);
  });

  it("embeds small binaries as a blob resource and links large ones, never base64 in text", () => {
    const small = new Uint8Array(EMBED_MAX_BYTES);
    const embedded = fileContent(info("application/pdf", small.length), small, within(1_000_000));
    expect(embedded.returnedAs).toBe("resource");
    expect(embedded.content[0]).toMatchObject({
      type: "resource",
      resource: { uri: "file://f_0123456789abcdef", mimeType: "application/pdf" },
    });
    const large = new Uint8Array(EMBED_MAX_BYTES + 1);
    const linked = fileContent(info("application/pdf", large.length), large, within(1_000_000));
    expect(linked.content[0]).toEqual({
      type: "resource_link",
      uri: "file://f_0123456789abcdef",
      name: "x",
      mimeType: "application/pdf",
      size: EMBED_MAX_BYTES + 1,
    });
    const overBudget = fileContent(info("application/zip", 1_000), new Uint8Array(1_000), within(500));
    expect(overBudget.returnedAs).toBe("resource_link");
    for (const built of [embedded, linked, overBudget]) expect(built.text.length).toBeLessThan(400);
  });

  it("refuses an image it cannot show with a UserError that says why and what to do", () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(() => fileContent(info("image/png", bytes.length), bytes, within(100_000))).toThrow(UserError);
    expect(() => fileContent(info("image/png", bytes.length), bytes, within(100_000))).toThrow(
      /is stored, but it cannot be shown as an image because its bytes are not a PNG.*downloaded from file:\/\/f_0123456789abcdef/,
    );
  });

  it("knows which types are text", () => {
    for (const type of [
      "text/markdown",
      "application/json",
      "application/ld+json",
      "image/svg+xml",
      "application/x-yaml",
    ])
      expect(isTextType(type), type).toBe(true);
    for (const type of ["application/pdf", "image/png", "application/octet-stream"])
      expect(isTextType(type), type).toBe(false);
  });
});
