import { decode as decodePng, encode as encodePng } from "fast-png";
import { decode as decodeJpeg, encode as encodeJpeg } from "jpeg-js";
import { describe, expect, it } from "vitest";
import { base64Length } from "../../../src/lib/encoding";
import { readImageHeader } from "../../../src/toolkits/workspace/image-dimensions";
import { fitImage, IMAGE_LIMITS } from "../../../src/toolkits/workspace/image-scale";

/** A gradient, so resampling has something to average. */
function rgba(width: number, height: number, alpha = 255): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      data[at] = (x * 255) / Math.max(1, width - 1);
      data[at + 1] = (y * 255) / Math.max(1, height - 1);
      data[at + 2] = 128;
      data[at + 3] = alpha;
    }
  }
  return data;
}

const png = (width: number, height: number, alpha = 255) =>
  encodePng({ width, height, data: rgba(width, height, alpha), channels: 4, depth: 8 });
const jpeg = (width: number, height: number) =>
  new Uint8Array(encodeJpeg({ width, height, data: rgba(width, height) }, 80).data);

/** A PNG signature and IHDR declaring any size, with no pixel data: what a decompression bomb starts with. */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 6, 0, 0, 0], 24);
  return bytes;
}

describe("image headers", () => {
  it("reads PNG, JPEG, GIF and WebP sizes without decoding", () => {
    expect(readImageHeader(png(30, 20))).toEqual({
      format: "png",
      width: 30,
      height: 20,
      bitDepth: 8,
      colorType: 6,
      interlaced: false,
    });
    expect(readImageHeader(jpeg(17, 9))).toMatchObject({
      format: "jpeg",
      width: 17,
      height: 9,
      scans: 1,
      complete: true,
    });
    const gif = new Uint8Array([...new TextEncoder().encode("GIF89a"), 0x40, 0x01, 0xf0, 0x00, 0, 0]);
    expect(readImageHeader(gif)).toEqual({ format: "gif", width: 320, height: 240 });
    expect(readImageHeader(new TextEncoder().encode("%PDF-1.7"))).toBeUndefined();
  });
});

describe("fitImage", () => {
  it("passes an image at the edge through untouched", () => {
    const bytes = png(IMAGE_LIMITS.maxEdge, 10);
    const fitted = fitImage(bytes);
    expect(fitted.ok && fitted.reencoded).toBe(false);
    expect(fitted.ok && fitted.bytes).toBe(bytes);
  });

  it("scales one pixel over the edge down to the edge, keeping the aspect ratio and format", () => {
    const fitted = fitImage(png(IMAGE_LIMITS.maxEdge + 1, 100));
    expect(fitted.ok).toBe(true);
    if (!fitted.ok) return;
    expect(fitted).toMatchObject({
      mimeType: "image/png",
      width: IMAGE_LIMITS.maxEdge,
      height: 100,
      reencoded: true,
      originalWidth: IMAGE_LIMITS.maxEdge + 1,
    });
    const decoded = decodePng(fitted.bytes);
    expect([decoded.width, decoded.height]).toEqual([IMAGE_LIMITS.maxEdge, 100]);
  });

  it("scales a tall JPEG and averages colours rather than sampling", () => {
    const fitted = fitImage(jpeg(400, 3200));
    expect(fitted.ok).toBe(true);
    if (!fitted.ok) return;
    expect([fitted.width, fitted.height, fitted.mimeType]).toEqual([196, IMAGE_LIMITS.maxEdge, "image/jpeg"]);
    const decoded = decodeJpeg(fitted.bytes, { useTArray: true });
    const middle = (Math.floor(decoded.height / 2) * decoded.width + Math.floor(decoded.width / 2)) * 4;
    expect(decoded.data[middle]).toBeGreaterThan(110);
    expect(decoded.data[middle]).toBeLessThan(145);
  });

  it("recompresses to fit a payload budget, and gives up with a reason below the smallest useful size", () => {
    const big = png(1200, 1200);
    const budget = 40_000;
    // The original must be over the budget, or nothing here would need recompressing.
    expect(base64Length(big.length)).toBeGreaterThan(budget);
    const fitted = fitImage(big, { maxBase64Chars: budget });
    expect(fitted.ok).toBe(true);
    if (fitted.ok) expect(base64Length(fitted.bytes.length)).toBeLessThanOrEqual(budget);
    const hopeless = fitImage(big, { maxBase64Chars: 50 });
    expect(hopeless.ok).toBe(false);
    if (!hopeless.ok) expect(hopeless.reason).toContain("does not fit");
  });

  it("refuses to decode an image over the memory budget, from its header alone", () => {
    const refused = fitImage(pngHeader(4000, 4000));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toContain("over the 64 MB");
    const damaged = fitImage(pngHeader(2000, 1500));
    expect(damaged.ok).toBe(false);
    if (!damaged.ok) expect(damaged.reason).toContain("truncated");
  });

  it("flattens transparency onto white when a PNG has to become a JPEG", () => {
    const fitted = fitImage(png(1700, 1700, 0), { maxBase64Chars: 60_000 });
    expect(fitted.ok).toBe(true);
    if (!fitted.ok) return;
    expect(fitted.mimeType).toBe("image/jpeg");
    const decoded = decodeJpeg(fitted.bytes, { useTArray: true });
    expect(decoded.data[0]).toBeGreaterThan(240);
  });
});
