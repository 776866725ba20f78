import { encode as encodePng } from "fast-png";
import { zlibSync } from "fflate";
import { describe, expect, it } from "vitest";
import { type PngHeader, readImageHeader } from "../../../src/toolkits/workspace/image-dimensions";
import { decodePngRgba, pngRawBytes } from "../../../src/toolkits/workspace/png-decode";
import { chunk, type PngSpec, pngFile, pngOf, scanlines } from "./image-builders";

function decode(bytes: Uint8Array) {
  return decodePngRgba(bytes, readImageHeader(bytes) as PngHeader);
}

/** A pattern that differs in every pixel and channel, at the given bit depth. */
const pattern = (depth: number) => (x: number, y: number, k: number) =>
  (x * 7 + y * 13 + k * 5) % (depth === 16 ? 65_536 : 1 << depth);

function expectPixels(
  spec: Required<Pick<PngSpec, "width" | "height">>,
  data: Uint8Array,
  pixel: (x: number, y: number) => number[],
) {
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < spec.width; x++) {
      const at = (y * spec.width + x) * 4;
      expect([...data.subarray(at, at + 4)], `pixel ${x},${y}`).toEqual(pixel(x, y));
    }
  }
}

describe("decodePngRgba", () => {
  it("undoes all five filter types, at 8 and 16 bits, for RGB and RGBA", () => {
    for (const [colorType, bitDepth] of [
      [6, 8],
      [2, 8],
      [6, 16],
      [2, 16],
    ] as const) {
      const spec = { width: 9, height: 11, colorType, bitDepth };
      const sample = pattern(bitDepth);
      const to8 = (value: number) => (bitDepth === 16 ? value >> 8 : value);
      const image = decode(pngOf(spec, sample));
      expectPixels(spec, image.data, (x, y) => [
        to8(sample(x, y, 0)),
        to8(sample(x, y, 1)),
        to8(sample(x, y, 2)),
        colorType === 6 ? to8(sample(x, y, 3)) : 255,
      ]);
    }
  });

  it("reads Adam7-interlaced images, including ones smaller than a pass", () => {
    for (const [width, height] of [
      [13, 10],
      [1, 1],
      [3, 2],
    ] as const) {
      const spec = { width, height, colorType: 6, interlaced: true };
      const sample = pattern(8);
      const image = decode(pngOf(spec, sample));
      expectPixels(spec, image.data, (x, y) => [sample(x, y, 0), sample(x, y, 1), sample(x, y, 2), sample(x, y, 3)]);
    }
  });

  it("scales packed greyscale depths to 0-255 and applies a greyscale tRNS key", () => {
    for (const bitDepth of [1, 2, 4]) {
      const spec = { width: 10, height: 3, colorType: 0, bitDepth };
      const max = (1 << bitDepth) - 1;
      const sample = pattern(bitDepth);
      const image = decode(pngOf(spec, sample));
      expectPixels(spec, image.data, (x, y) => {
        const grey = Math.round((sample(x, y, 0) * 255) / max);
        return [grey, grey, grey, 255];
      });
    }
    const keyed = decode(
      pngOf({ width: 4, height: 1, colorType: 0 }, (x) => x * 10, chunk("tRNS", new Uint8Array([0, 20]))),
    );
    expect([...keyed.data.subarray(8, 12)]).toEqual([20, 20, 20, 0]);
    expect(keyed.hasAlpha).toBe(true);
  });

  it("maps palette indexes through PLTE and tRNS", () => {
    const palette = chunk("PLTE", new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255]));
    const alpha = chunk("tRNS", new Uint8Array([128]));
    const image = decode(pngOf({ width: 5, height: 2, colorType: 3, bitDepth: 2 }, (x) => x % 3, palette, alpha));
    expect([...image.data.subarray(0, 12)]).toEqual([255, 0, 0, 128, 0, 255, 0, 255, 0, 0, 255, 255]);
  });

  it("decodes what fast-png's encoder writes, grey+alpha included", () => {
    const data = Uint8Array.from({ length: 6 * 4 * 2 }, (_, index) => (index * 37) % 256);
    const image = decode(encodePng({ width: 6, height: 4, data, channels: 2, depth: 8 }));
    expect([...image.data.subarray(0, 8)]).toEqual([
      data[0],
      data[0],
      data[0],
      data[1],
      data[2],
      data[2],
      data[2],
      data[3],
    ]);
  });

  it("sizes the image data exactly as the scanlines a writer produces", () => {
    for (const spec of [
      { width: 13, height: 10, interlaced: true },
      { width: 10, height: 3, colorType: 0, bitDepth: 1 },
      { width: 7, height: 5, bitDepth: 16 },
    ]) {
      const header = readImageHeader(pngOf(spec, () => 0)) as PngHeader;
      expect(pngRawBytes(header)).toBe(scanlines(spec, () => 0).length);
    }
  });

  it("refuses a filter type PNG does not define", () => {
    const spec = { width: 2, height: 1 };
    const raw = scanlines(spec, () => 1);
    raw[0] = 5;
    expect(() => decode(pngFile(spec, chunk("IDAT", zlibSync(raw))))).toThrow(/filter type 5/);
  });
});
