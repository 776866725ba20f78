/**
 * Image size from the header alone, so an image can be refused or scaled without decoding it first
 * (a small file can declare a huge canvas: decoding is where memory goes).
 */
export type ImageFormat = "png" | "jpeg" | "gif" | "webp";

/** PNG's IHDR (PNG spec §11.2.2): everything the decoded size depends on. */
export interface PngHeader {
  format: "png";
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

/** One JPEG frame (ITU T.81 §B.2.2): size and the sampling factors that fix its decoder's buffers. */
export interface JpegFrame {
  width: number;
  height: number;
  /** SOF0, SOF1 or SOF2: the processes the decoder here implements. */
  supported: boolean;
  progressive: boolean;
  components: { h: number; v: number }[];
}

export interface JpegHeader {
  format: "jpeg";
  /** The first frame's size. */
  width: number;
  height: number;
  frames: JpegFrame[];
  /** Start-of-scan markers: a baseline JPEG has 1, a progressive one usually about 10. */
  scans: number;
  /** False when the data stops before the end-of-image marker or inside a segment (a truncated file). */
  complete: boolean;
}

export type ImageHeader = PngHeader | JpegHeader | { format: "gif" | "webp"; width: number; height: number };

export const IMAGE_MIME: Record<ImageFormat, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

/** The format and size the bytes declare, or undefined when they are not a PNG, JPEG, GIF or WebP Claude can read. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  return readPng(bytes) ?? readJpeg(bytes) ?? readGif(bytes) ?? readWebp(bytes);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((byte, index) => bytes[at + index] === byte);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * PNG: the IHDR chunk must come first (PNG spec §5.6): width and height big-endian at 16 and 20, then
 * bit depth, colour type, compression, filter and interlace method.
 */
function readPng(bytes: Uint8Array): PngHeader | undefined {
  if (!startsWith(bytes, PNG_SIGNATURE) || bytes.length < 29 || ascii(bytes, 12, 4) !== "IHDR") return undefined;
  const data = view(bytes);
  return {
    format: "png",
    width: data.getUint32(16),
    height: data.getUint32(20),
    bitDepth: bytes[24] as number,
    colorType: bytes[25] as number,
    interlaced: bytes[28] === 1,
  };
}

const isFrameMarker = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * JPEG: walk every marker segment (ITU T.81 §B.1), skipping entropy-coded data after each scan by
 * looking for the next marker (in that data 0xFF is always followed by 0x00 or a restart marker).
 * Collects every frame header and counts the scans, so the decoder's memory and work can be
 * budgeted before it sees the data. Undefined when there is no frame header at all.
 */
function readJpeg(bytes: Uint8Array): JpegHeader | undefined {
  if (!startsWith(bytes, [0xff, 0xd8, 0xff])) return undefined;
  const data = view(bytes);
  const frames: JpegFrame[] = [];
  let scans = 0;
  let complete = false;
  let at = 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) break;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      complete = true;
      break;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (at + 4 > bytes.length) break;
    const length = data.getUint16(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) break;
    if (isFrameMarker(marker)) {
      const count = length >= 8 ? (bytes[at + 9] as number) : 0;
      if (length < 8 + 3 * count) break;
      const components = Array.from({ length: count }, (_, index) => {
        const factors = bytes[at + 11 + 3 * index] as number;
        return { h: factors >> 4, v: factors & 15 };
      });
      frames.push({
        height: data.getUint16(at + 5),
        width: data.getUint16(at + 7),
        supported: marker <= 0xc2,
        progressive: marker === 0xc2,
        components,
      });
    }
    at += 2 + length;
    if (marker === 0xda) {
      scans++;
      while (
        at + 1 < bytes.length &&
        !(
          bytes[at] === 0xff &&
          bytes[at + 1] !== 0 &&
          !((bytes[at + 1] as number) >= 0xd0 && (bytes[at + 1] as number) <= 0xd7)
        )
      )
        at++;
    }
  }
  const first = frames[0];
  if (!first) return undefined;
  return { format: "jpeg", width: first.width, height: first.height, frames, scans, complete };
}

/** GIF87a/GIF89a: the logical screen size, little-endian at 6 and 8. */
function readGif(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 10 || !/^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return undefined;
  const data = view(bytes);
  return { format: "gif", width: data.getUint16(6, true), height: data.getUint16(8, true) };
}

/** WebP: a RIFF container whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended). */
function readWebp(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 30 || ascii(bytes, 0, 4) !== "RIFF" || ascii(bytes, 8, 4) !== "WEBP") return undefined;
  const data = view(bytes);
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8 ") {
    return { format: "webp", width: data.getUint16(26, true) & 0x3fff, height: data.getUint16(28, true) & 0x3fff };
  }
  if (chunk === "VP8L") {
    const bits = data.getUint32(21, true);
    return { format: "webp", width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X") {
    const width = 1 + ((bytes[24] as number) | ((bytes[25] as number) << 8) | ((bytes[26] as number) << 16));
    const height = 1 + ((bytes[27] as number) | ((bytes[28] as number) << 8) | ((bytes[29] as number) << 16));
    return { format: "webp", width, height };
  }
  return undefined;
}
