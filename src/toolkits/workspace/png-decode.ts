/**
 * PNG to 8-bit RGBA within a memory bound fixed by the header (PNG spec, W3C 2003 / ISO 15948).
 * fast-png's decoder inflates the image data, and the ICC profile, without any limit, so a small file
 * can make it allocate gigabytes; this one inflates into a buffer of exactly the size the header
 * implies (`pngRawBytes`), refuses a stream that would go past it, unfilters in place and writes
 * RGBA straight from the raw rows. Ancillary chunks other than tRNS are skipped unread.
 * Memory while decoding: `pngRawBytes(header)` + width × height × 4, nothing else of image size.
 */
import { inflateBounded } from "./bounded-inflate";
import type { PngHeader } from "./image-dimensions";

export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
  hasAlpha: boolean;
}

/** Why a PNG's data cannot be decoded, worded to follow "because" in a message to the user. */
export class PngDataError extends Error {}

/** Samples per pixel by colour type (§11.2.2 Table 11.1). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Allowed bit depths by colour type (§11.2.2 Table 11.1). */
const DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** Adam7 passes (§8.2): first column, first row, column step, row step. */
export const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

interface Pass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
}

export function pngChannels(header: PngHeader): number {
  return CHANNELS[header.colorType] ?? 0;
}

/** Whether the header's colour type and bit depth are a combination PNG allows. */
export function isValidPngFormat(header: PngHeader): boolean {
  return (DEPTHS[header.colorType] ?? []).includes(header.bitDepth) && header.width > 0 && header.height > 0;
}

function passes(header: PngHeader): Pass[] {
  const { width, height } = header;
  if (!header.interlaced) return [{ x0: 0, y0: 0, dx: 1, dy: 1, width, height }];
  return ADAM7.map(([x0, y0, dx, dy]) => ({
    x0,
    y0,
    dx,
    dy,
    width: width > x0 ? Math.ceil((width - x0) / dx) : 0,
    height: height > y0 ? Math.ceil((height - y0) / dy) : 0,
  })).filter((pass) => pass.width > 0 && pass.height > 0);
}

function rowBytes(header: PngHeader, width: number): number {
  return Math.ceil((width * pngChannels(header) * header.bitDepth) / 8);
}

/** Bytes the image data inflates to: every row of every pass plus its filter-type byte (§7.3, §8.2). */
export function pngRawBytes(header: PngHeader): number {
  return passes(header).reduce((sum, pass) => sum + pass.height * (1 + rowBytes(header, pass.width)), 0);
}

interface PngChunks {
  palette?: Uint8Array;
  transparency?: Uint8Array;
  data: Uint8Array[];
}

/** The chunks decoding needs (§5.3 layout: length, type, data, CRC), as views into `bytes`. */
function readChunks(bytes: Uint8Array): PngChunks {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunks = { data: [] };
  let at = 8;
  for (;;) {
    if (at + 8 > bytes.length) {
      if (chunks.data.length > 0) return chunks; // no IEND: the inflater tells whether the data is whole
      throw new PngDataError("the file ends before its image data (it is truncated)");
    }
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const start = at + 8;
    if (length > 0x7fffffff || start + length > bytes.length)
      throw new PngDataError(`its ${type} chunk runs past the end of the file (it is truncated or damaged)`);
    const body = bytes.subarray(start, start + length);
    if (type === "IDAT") chunks.data.push(body);
    else if (type === "PLTE") chunks.palette = body;
    else if (type === "tRNS") chunks.transparency = body;
    else if (type === "IEND") return chunks;
    at = start + length + 4;
  }
}

/** Decode a PNG whose header has already been checked against the memory budget. */
export function decodePngRgba(bytes: Uint8Array, header: PngHeader): Rgba {
  if (!isValidPngFormat(header))
    throw new PngDataError(
      `its header declares colour type ${header.colorType} at ${header.bitDepth} bits, which PNG does not allow`,
    );
  const chunks = readChunks(bytes);
  if (header.colorType === 3 && (!chunks.palette || chunks.palette.length % 3 !== 0))
    throw new PngDataError("it is a palette image without a valid palette");
  const size = pngRawBytes(header);
  const inflated = inflateBounded(chunks.data, size);
  if (!inflated.ok) {
    throw new PngDataError(
      inflated.problem === "overflow"
        ? `its pixel data inflates to more than the ${size.toLocaleString("en-US")} bytes its ${header.width}×${header.height} header declares (a decompression bomb, or a damaged file)`
        : inflated.problem === "short"
          ? "its pixel data ends before the image does (it is truncated)"
          : "its pixel data is not valid compressed data (the file is damaged)",
    );
  }
  const raw = inflated.bytes;
  const out = new Uint8Array(header.width * header.height * 4);
  const pixel = pixelReader(header, chunks);
  let hasAlpha = false;
  let at = 0;
  for (const pass of passes(header)) {
    const stride = rowBytes(header, pass.width);
    unfilter(raw, at, pass.height, stride, Math.max(1, (pngChannels(header) * header.bitDepth) >> 3));
    for (let y = 0; y < pass.height; y++) {
      const row = at + y * (stride + 1) + 1;
      for (let x = 0; x < pass.width; x++) {
        const target = ((pass.y0 + y * pass.dy) * header.width + pass.x0 + x * pass.dx) * 4;
        if (pixel(raw, row, x, out, target)) hasAlpha = true;
      }
    }
    at += pass.height * (stride + 1);
  }
  return { width: header.width, height: header.height, data: out, hasAlpha };
}

/** Undo the per-row filters (§9.2) in place; `bpp` is bytes per complete pixel, at least 1. */
function unfilter(raw: Uint8Array, start: number, rows: number, stride: number, bpp: number): void {
  for (let y = 0; y < rows; y++) {
    const cur = start + y * (stride + 1) + 1;
    const filter = raw[cur - 1] as number;
    // The row above, or none on a pass's first row (then "up" and "up-left" are 0).
    const prev = y > 0 ? cur - (stride + 1) : -1;
    switch (filter) {
      case 0:
        break;
      case 1:
        for (let i = bpp; i < stride; i++)
          raw[cur + i] = ((raw[cur + i] as number) + (raw[cur + i - bpp] as number)) & 0xff;
        break;
      case 2:
        if (prev >= 0)
          for (let i = 0; i < stride; i++) raw[cur + i] = ((raw[cur + i] as number) + (raw[prev + i] as number)) & 0xff;
        break;
      case 3:
        for (let i = 0; i < stride; i++) {
          const left = i >= bpp ? (raw[cur + i - bpp] as number) : 0;
          const up = prev >= 0 ? (raw[prev + i] as number) : 0;
          raw[cur + i] = ((raw[cur + i] as number) + ((left + up) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < stride; i++) {
          const left = i >= bpp ? (raw[cur + i - bpp] as number) : 0;
          const up = prev >= 0 ? (raw[prev + i] as number) : 0;
          const upLeft = prev >= 0 && i >= bpp ? (raw[prev + i - bpp] as number) : 0;
          raw[cur + i] = ((raw[cur + i] as number) + paeth(left, up, upLeft)) & 0xff;
        }
        break;
      default:
        throw new PngDataError(
          `row ${y + 1} uses filter type ${filter}, which PNG does not define (the file is damaged)`,
        );
    }
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

type PixelWriter = (raw: Uint8Array, row: number, x: number, out: Uint8Array, target: number) => boolean;

/** Writes pixel `x` of a row as RGBA at `target`; returns whether it is not fully opaque. */
function pixelReader(header: PngHeader, chunks: PngChunks): PixelWriter {
  const channels = pngChannels(header);
  const depth = header.bitDepth;
  const max = depth === 16 ? 0xffff : (1 << depth) - 1;
  /** Sample `k` of pixel `x` at full depth. */
  const sample = (raw: Uint8Array, row: number, x: number, k: number): number => {
    if (depth === 16) {
      const at = row + (x * channels + k) * 2;
      return ((raw[at] as number) << 8) | (raw[at + 1] as number);
    }
    if (depth === 8) return raw[row + x * channels + k] as number;
    const bit = (x * channels + k) * depth;
    return ((raw[row + (bit >> 3)] as number) >> (8 - depth - (bit & 7))) & max;
  };
  const to8 = (value: number) => (depth === 16 ? value >> 8 : depth === 8 ? value : Math.round((value * 255) / max));
  const trns = chunks.transparency;
  const trnsView = trns ? new DataView(trns.buffer, trns.byteOffset, trns.byteLength) : undefined;
  /** §11.3.2.1: greyscale and truecolour tRNS name one colour (16-bit values) that is fully transparent. */
  const keyed = (values: number[]) =>
    trnsView !== undefined &&
    trnsView.byteLength >= values.length * 2 &&
    values.every((value, k) => trnsView.getUint16(k * 2) === value);

  return (raw, row, x, out, target) => {
    let r: number;
    let g: number;
    let b: number;
    let a = 255;
    if (header.colorType === 3) {
      const index = sample(raw, row, x, 0);
      const palette = chunks.palette as Uint8Array;
      r = palette[index * 3] ?? 0;
      g = palette[index * 3 + 1] ?? 0;
      b = palette[index * 3 + 2] ?? 0;
      if (trns && index < trns.length) a = trns[index] as number;
    } else if (channels <= 2) {
      const grey = sample(raw, row, x, 0);
      r = g = b = to8(grey);
      if (channels === 2) a = to8(sample(raw, row, x, 1));
      else if (trnsView && keyed([grey])) a = 0;
    } else {
      const red = sample(raw, row, x, 0);
      const green = sample(raw, row, x, 1);
      const blue = sample(raw, row, x, 2);
      r = to8(red);
      g = to8(green);
      b = to8(blue);
      if (channels === 4) a = to8(sample(raw, row, x, 3));
      else if (trnsView && keyed([red, green, blue])) a = 0;
    }
    out[target] = r;
    out[target + 1] = g;
    out[target + 2] = b;
    out[target + 3] = a;
    return a !== 255;
  };
}
