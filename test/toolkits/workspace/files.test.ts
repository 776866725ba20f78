import { encode as encodePng } from "fast-png";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../../src/config";
import { base64ToBytes, bytesToBase64 } from "../../../src/lib/encoding";
import { EMBED_MAX_BYTES } from "../../../src/toolkits/workspace/file-content";
import { IMAGE_LIMITS } from "../../../src/toolkits/workspace/image-scale";
import { AGENT_MAX_REQUEST_BYTES, uploadLimits } from "../../../src/toolkits/workspace/request-limits";
import { postMcp } from "../../helpers/worker";
import { newUser, textOf } from "./helpers";

function gradientPng(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let at = 0; at < data.length; at += 4) {
    const pixel = at / 4;
    data[at] = pixel % width;
    data[at + 1] = Math.floor(pixel / width) % 256;
    data[at + 2] = 90;
    data[at + 3] = 255;
  }
  return encodePng({ width, height, data, channels: 4, depth: 8 });
}

/** A small but real PDF with binary bytes after the header comment, as PDF writers emit. */
function pdf(): Uint8Array {
  const text =
    "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  const withBinary = new Uint8Array(bytes.length + 256);
  withBinary.set(bytes);
  for (let index = 0; index < 256; index++) withBinary[bytes.length + index] = index;
  return withBinary;
}

describe("files tools", () => {
  it("round-trips a PNG byte for byte: image content from files_get, blob from resources/read", async () => {
    const user = await newUser();
    const bytes = gradientPng(64, 48);
    const stored = await user.ok("files_upload", {
      name: "chart.png",
      content: bytesToBase64(bytes),
      encoding: "base64",
      type: "image/png",
    });
    expect(stored).toMatchObject({ contentType: "image/png", size: bytes.length, usedBytes: bytes.length });

    const reply = await user.call("files_get", { id: stored.id });
    expect(reply.result.structuredContent).toMatchObject({ returnedAs: "image", width: 64, height: 48 });
    const image = reply.result.content.find((block: { type: string }) => block.type === "image");
    expect(image.mimeType).toBe("image/png");
    expect(base64ToBytes(image.data)).toEqual(bytes);
    expect(textOf(reply)).not.toContain(image.data.slice(0, 40));

    const read = await user.rpc("resources/read", { uri: `file://${stored.id}` });
    expect(read.result.contents[0].mimeType).toBe("image/png");
    expect(base64ToBytes(read.result.contents[0].blob)).toEqual(bytes);
  });

  it("round-trips a PDF byte for byte as an embedded blob resource, and accepts a data: URL", async () => {
    const user = await newUser();
    const bytes = pdf();
    const stored = await user.ok("files_upload", {
      name: "letter.pdf",
      content: `data:application/pdf;base64,${bytesToBase64(bytes)}`,
      encoding: "base64",
    });
    expect(stored.contentType).toBe("application/pdf");
    const reply = await user.call("files_get", { id: stored.id });
    const resource = reply.result.content.find((block: { type: string }) => block.type === "resource").resource;
    expect(resource).toMatchObject({ uri: `file://${stored.id}`, mimeType: "application/pdf" });
    expect(base64ToBytes(resource.blob)).toEqual(bytes);
    const read = await user.rpc("resources/read", { uri: `file://${stored.id}` });
    expect(base64ToBytes(read.result.contents[0].blob)).toEqual(bytes);
  });

  it("scales an image over Claude's long edge, links a large binary, and refuses a mismatched type", async () => {
    const user = await newUser();
    const wide = await user.ok("files_upload", {
      name: "wide.png",
      content: bytesToBase64(gradientPng(IMAGE_LIMITS.maxEdge + 432, 300)),
      encoding: "base64",
    });
    const scaled = await user.call("files_get", { id: wide.id });
    expect(scaled.result.structuredContent).toMatchObject({
      returnedAs: "image",
      width: IMAGE_LIMITS.maxEdge,
      height: 235,
    });
    expect(textOf(scaled)).toContain("Scaled from 2000×300");

    const blob = new Uint8Array(EMBED_MAX_BYTES + 1).map((_, index) => (index * 7) % 251);
    const big = await user.ok("files_upload", { name: "data.bin", content: bytesToBase64(blob), encoding: "base64" });
    const linked = await user.call("files_get", { id: big.id });
    expect(linked.result.content.find((block: { type: string }) => block.type === "resource_link")).toMatchObject({
      uri: `file://${big.id}`,
      size: blob.length,
    });

    const mismatch = await user.call("files_upload", {
      name: "fake.pdf",
      content: bytesToBase64(gradientPng(2, 2)),
      encoding: "base64",
      type: "application/pdf",
    });
    expect(mismatch.result.isError).toBe(true);
    expect(textOf(mismatch)).toContain("image/png");
    const bad = await user.call("files_upload", { name: "x.bin", content: "not base64!!", encoding: "base64" });
    expect(textOf(bad)).toContain("not valid base64");
    expect((await user.ok("files_list", {})).files.map((file: { name: string }) => file.name).sort()).toEqual([
      "data.bin",
      "wide.png",
    ]);
  });

  it("lists with pagination and usage, deletes, and reports missing files with the next step", async () => {
    const user = await newUser();
    for (let index = 0; index < 5; index++)
      await user.ok("files_upload", { name: `f${index}.txt`, content: `file ${index}` });
    const first = await user.ok("files_list", { limit: 2 });
    expect(first.returned).toBe(2);
    expect(first.nextCursor).toBeDefined();
    expect(first.usedBytes).toBe(5 * 6);
    const seen = [...first.files];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await user.ok("files_list", { limit: 2, cursor });
      seen.push(...page.files);
      cursor = page.nextCursor;
    }
    expect(new Set(seen.map((file) => file.id)).size).toBe(5);

    const deleted = await user.ok("files_delete", { id: seen[0].id });
    expect(deleted).toMatchObject({ deleted: true, usedBytes: 4 * 6 });
    const gone = await user.call("files_get", { id: seen[0].id });
    expect(gone.result.isError).toBe(true);
    expect(textOf(gone)).toContain("files_list");
  });

  it("states the effective upload limit, and refuses a request one step over it", async () => {
    const config = readConfig({});
    const limits = uploadLimits({ env: {} as Env, config });
    expect(limits.requestBytes).toBe(config.maxRequestBytes);
    expect(
      uploadLimits({ env: {} as Env, config: { ...config, maxRequestBytes: 64 * 1024 * 1024 } }).requestBytes,
    ).toBe(AGENT_MAX_REQUEST_BYTES);

    const user = await newUser();
    const atLimit = new Uint8Array(limits.base64Bytes).map((_, index) => index % 256);
    const stored = await user.ok("files_upload", {
      name: "edge.bin",
      content: bytesToBase64(atLimit),
      encoding: "base64",
    });
    expect(stored.size).toBe(limits.base64Bytes);

    const over = bytesToBase64(new Uint8Array(limits.base64Bytes + 3 * 1024));
    const refused = await user.call("files_upload", { name: "over.bin", content: over, encoding: "base64" });
    expect(refused.result.isError).toBe(true);
    expect((await user.ok("files_list", {})).files).toHaveLength(1);
  });
});
