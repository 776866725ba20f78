/** Content-type sniffing and the declared-type check. */
import { describe, expect, it } from "vitest";
import { resolveContentType, sniff } from "../../src/workspace/sniff";
import { pdfDocument, pngImage } from "./fixtures";

const text = (s: string) => new TextEncoder().encode(s);
const gif = text("GIF89a\u0001\u0000\u0001\u0000");
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const webp = new Uint8Array([...text("RIFF"), 0x1a, 0, 0, 0, ...text("WEBPVP8 ")]);
const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
const noise = new Uint8Array([0x00, 0x9f, 0x92, 0x96, 0xff, 0x00, 0x01]);

describe("sniff", () => {
  it("recognises formats by their magic bytes", () => {
    expect(sniff(pngImage())).toMatchObject({ type: "image/png" });
    expect(sniff(pdfDocument())).toMatchObject({ type: "application/pdf" });
    expect(sniff(jpeg)).toMatchObject({ type: "image/jpeg" });
    expect(sniff(gif)).toMatchObject({ type: "image/gif" });
    expect(sniff(webp)).toMatchObject({ type: "image/webp" });
    expect(sniff(zip)).toMatchObject({ type: "application/zip" });
  });

  it("tells UTF-8 text from binary", () => {
    expect(sniff(text("# Title\n\nSome *markdown* with émoji 🎉 and עברית\r\n\tindent"))).toEqual({ kind: "text" });
    expect(sniff(new Uint8Array([0xef, 0xbb, 0xbf, ...text("bom")]))).toEqual({ kind: "text" });
    expect(sniff(text("nul\u0000inside"))).toEqual({ kind: "unknown" });
    expect(sniff(new Uint8Array([0xc3, 0x28]))).toEqual({ kind: "unknown" });
    expect(sniff(noise)).toEqual({ kind: "unknown" });
  });
});

describe("resolveContentType", () => {
  const resolve = (bytes: Uint8Array, name: string, declared?: string) => resolveContentType(bytes, name, declared);

  it("uses the sniffed type, accepting equal or compatible declarations", () => {
    expect(resolve(pngImage(), "a.png")).toEqual({ ok: true, type: "image/png" });
    expect(resolve(pngImage(), "a.png", "IMAGE/PNG; foo=bar")).toEqual({ ok: true, type: "image/png" });
    expect(resolve(jpeg, "a.jpg", "image/jpg")).toEqual({ ok: true, type: "image/jpeg" });
    expect(
      resolve(zip, "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ).toMatchObject({ ok: true });
    expect(resolve(pdfDocument(), "a.pdf", "application/octet-stream")).toEqual({ ok: true, type: "application/pdf" });
  });

  it("refuses a declared type the bytes contradict, saying what they are", () => {
    const png = resolve(pngImage(), "a.pdf", "application/pdf");
    expect(png).toMatchObject({ ok: false });
    if (!png.ok) expect(png.message).toContain("a PNG image (image/png)");
    const asImage = resolve(text("just words"), "a.png", "image/png");
    expect(asImage.ok).toBe(false);
    if (!asImage.ok) expect(asImage.message).toContain("plain UTF-8 text");
    expect(resolve(noise, "a.txt", "text/plain").ok).toBe(false);
    expect(resolve(noise, "a.png", "image/png").ok).toBe(false);
    expect(resolve(noise, "a", "not a type").ok).toBe(false);
  });

  it("types text by the declaration or the extension", () => {
    expect(resolve(text("# hi"), "notes.md")).toEqual({ ok: true, type: "text/markdown" });
    expect(resolve(text("a,b"), "data.CSV")).toEqual({ ok: true, type: "text/csv" });
    expect(resolve(text("plain"), "README")).toEqual({ ok: true, type: "text/plain" });
    expect(resolve(text("{}"), "x", "application/json")).toEqual({ ok: true, type: "application/json" });
    expect(resolve(text("<svg xmlns='http://www.w3.org/2000/svg'/>"), "x.svg", "image/svg+xml")).toEqual({
      ok: true,
      type: "image/svg+xml",
    });
  });

  it("keeps an unverifiable declared type for unknown binary, octet-stream otherwise", () => {
    expect(resolve(noise, "song.mp3", "audio/mpeg")).toEqual({ ok: true, type: "audio/mpeg" });
    expect(resolve(noise, "blob.bin")).toEqual({ ok: true, type: "application/octet-stream" });
  });
});
