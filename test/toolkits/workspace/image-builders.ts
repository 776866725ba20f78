/**
 * Hostile and unusual images built byte by byte, so the tests need no binary fixtures: PNG chunks
 * with any header, scanlines with every filter type and Adam7 interlacing, a zlib stream that
 * inflates to any size from a few hundred KB, and JPEG marker streams.
 */
import { zlibSync } from "fflate";
import { ADAM7 } from "../../../src/toolkits/workspace/png-decode";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function chunk(type: string, data: Uint8Array = new Uint8Array()): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export interface PngSpec {
  width: number;
  height: number;
  bitDepth?: number;
  colorType?: number;
  interlaced?: boolean;
}

export function ihdr({ width, height, bitDepth = 8, colorType = 6, interlaced = false }: PngSpec): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([bitDepth, colorType, 0, 0, interlaced ? 1 : 0], 8);
  return chunk("IHDR", data);
}

const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG file: signature, IHDR, the given chunks in order, IEND. */
export function pngFile(spec: PngSpec, ...chunks: Uint8Array[]): Uint8Array {
  return concat(SIGNATURE, ihdr(spec), ...chunks, chunk("IEND"));
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * The uncompressed image data for `sample(x, y, channel)` (values at the PNG's bit depth), every
 * row filtered with the next of the five filter types in turn, so a decoder must undo all of them.
 */
export function scanlines(spec: PngSpec, sample: (x: number, y: number, k: number) => number): Uint8Array {
  const { width, height, bitDepth = 8, colorType = 6, interlaced = false } = spec;
  const channels = CHANNELS[colorType] as number;
  const bpp = Math.max(1, (channels * bitDepth) >> 3);
  const passes = interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const rows: Uint8Array[] = [];
  let filter = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const passWidth = width > x0 ? Math.ceil((width - x0) / dx) : 0;
    const passHeight = height > y0 ? Math.ceil((height - y0) / dy) : 0;
    if (passWidth === 0 || passHeight === 0) continue;
    const stride = Math.ceil((passWidth * channels * bitDepth) / 8);
    let previous = new Uint8Array(stride);
    for (let y = 0; y < passHeight; y++) {
      const row = new Uint8Array(stride);
      for (let x = 0; x < passWidth; x++) {
        for (let k = 0; k < channels; k++) {
          const value = sample(x0 + x * dx, y0 + y * dy, k);
          if (bitDepth === 16) {
            row[(x * channels + k) * 2] = value >> 8;
            row[(x * channels + k) * 2 + 1] = value & 0xff;
          } else if (bitDepth === 8) {
            row[x * channels + k] = value;
          } else {
            const bit = (x * channels + k) * bitDepth;
            row[bit >> 3] = (row[bit >> 3] as number) | (value << (8 - bitDepth - (bit & 7)));
          }
        }
      }
      const filtered = new Uint8Array(stride + 1);
      filtered[0] = filter;
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? (row[i - bpp] as number) : 0;
        const b = y > 0 ? (previous[i] as number) : 0;
        const c = y > 0 && i >= bpp ? (previous[i - bpp] as number) : 0;
        const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter] as number;
        filtered[i + 1] = ((row[i] as number) - predictor) & 0xff;
      }
      rows.push(filtered);
      previous = row;
      filter = (filter + 1) % 5;
    }
  }
  return concat(...rows);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** A complete PNG whose pixels are `sample(x, y, channel)`. */
export function pngOf(
  spec: PngSpec,
  sample: (x: number, y: number, k: number) => number,
  ...extra: Uint8Array[]
): Uint8Array {
  return pngFile(spec, ...extra, chunk("IDAT", zlibSync(scanlines(spec, sample))));
}

/**
 * A zlib stream that inflates to `1 + 258 × matches` zero bytes from about `matches × 13 / 8` bytes:
 * one fixed-Huffman block (RFC 1951 §3.2.6) of a literal 0 and then `matches` copies of length 258
 * at distance 1 — the classic decompression bomb, built without ever holding its output.
 */
export function zeroBomb(matches: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((3 + 8 + matches * 13 + 7) / 8) + 6 + 4);
  out.set([0x78, 0x01]);
  let bit = 16;
  const put = (value: number, count: number) => {
    for (let k = 0; k < count; k++, bit++)
      if ((value >> k) & 1) out[bit >> 3] = (out[bit >> 3] as number) | (1 << (bit & 7));
  };
  /** Huffman codes are packed starting from their most significant bit (§3.1.1). */
  const code = (value: number, length: number) => {
    for (let k = length - 1; k >= 0; k--) put((value >> k) & 1, 1);
  };
  put(1, 1); // BFINAL
  put(1, 2); // BTYPE 01: fixed Huffman codes
  code(0x30, 8); // literal 0
  for (let m = 0; m < matches; m++) {
    code(0xc5, 8); // length code 285: 258 bytes, no extra bits
    code(0, 5); // distance code 0: distance 1
  }
  code(0, 7); // end of block
  return out; // the Adler-32 after the block is left zero: inflaters stop before checking it
}

/** A JPEG made of the given marker segments between SOI and EOI (ITU T.81 §B.1.1.4). */
export function jpegFile(...segments: Uint8Array[]): Uint8Array {
  return concat(new Uint8Array([0xff, 0xd8]), ...segments, new Uint8Array([0xff, 0xd9]));
}

export function segment(marker: number, body: number[]): Uint8Array {
  const length = body.length + 2;
  return new Uint8Array([0xff, marker, length >> 8, length & 0xff, ...body]);
}

/** A start-of-frame segment: SOF0 baseline, SOF2 progressive; components as [h, v] sampling factors. */
export function frameHeader(
  marker: 0xc0 | 0xc2,
  width: number,
  height: number,
  components: [number, number][] = [
    [2, 2],
    [1, 1],
    [1, 1],
  ],
): Uint8Array {
  return segment(marker, [
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    components.length,
    ...components.flatMap(([h, v], index) => [index + 1, (h << 4) | v, 0]),
  ]);
}

/** A start-of-scan segment for one component, followed by one byte of entropy-coded data. */
export function scan(): Uint8Array {
  return concat(segment(0xda, [1, 1, 0, 0, 63, 0]), new Uint8Array([0x12]));
}
