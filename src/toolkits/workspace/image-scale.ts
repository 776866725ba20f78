/**
 * Make a stored image fit what Claude accepts as an image result: at most 8000 px on a side and about
 * 5 MB of base64, and no larger than the 1568 px long edge Claude's vision works at (bigger images are
 * scaled down by Claude anyway, at the cost of tokens and upload size). PNG and JPEG are decoded and
 * re-encoded in pure JS (fast-png, jpeg-js); GIF and WebP pass through when they already fit.
 */
import { decode as decodePng, encode as encodePng } from "fast-png";
import { decode as decodeJpeg, encode as encodeJpeg } from "jpeg-js";
import { base64Length } from "./base64";
import { IMAGE_MIME, type ImageFormat, type ImageHeader, readImageHeader } from "./image-dimensions";

export const IMAGE_LIMITS = {
  /** Long edge images are scaled down to: the size Claude's vision uses. */
  maxEdge: 1568,
  /** Claude refuses images larger than this on either side. */
  maxSide: 8000,
  /** Claude refuses image payloads over about 5 MB of base64. */
  maxBase64Chars: 5 * 1024 * 1024,
  /**
   * Largest image decoded for scaling. A JPEG decode takes about 7 bytes a pixel (components plus
   * RGBA output: ~90 MB at this size) of a Worker's 128 MB, so a 12 MP phone photo fits and anything
   * bigger is refused from its header, before any decoding.
   */
  maxDecodePixels: 13_000_000,
  /** jpeg-js's own allocation guard, in MB, just above what `maxDecodePixels` needs. */
  jpegMemoryMB: 110,
  /** JPEG quality when re-encoding. */
  jpegQuality: 82,
  /** Attempts at halving the size when an encoded image is still over the payload budget. */
  shrinkSteps: 4,
  /** Never shrink below this long edge to meet a budget: a link is more useful than a thumbnail. */
  minEdge: 256,
} as const;

export interface FitOptions {
  maxEdge?: number;
  /** Base64 characters the image may take (at most Claude's limit, the default). */
  maxBase64Chars?: number;
  maxDecodePixels?: number;
}

export type FittedImage =
  | {
      ok: true;
      bytes: Uint8Array;
      mimeType: string;
      width: number;
      height: number;
      originalWidth: number;
      originalHeight: number;
      /** True when the bytes were decoded and re-encoded (scaled or recompressed). */
      reencoded: boolean;
    }
  | { ok: false; reason: string };

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
  hasAlpha: boolean;
}

/** The image as Claude can take it, or why it cannot be returned as an image. */
export function fitImage(bytes: Uint8Array, options: FitOptions = {}): FittedImage {
  const maxEdge = options.maxEdge ?? IMAGE_LIMITS.maxEdge;
  const budget = Math.min(options.maxBase64Chars ?? IMAGE_LIMITS.maxBase64Chars, IMAGE_LIMITS.maxBase64Chars);
  const maxPixels = options.maxDecodePixels ?? IMAGE_LIMITS.maxDecodePixels;
  const header = readImageHeader(bytes);
  if (!header) return { ok: false, reason: "its bytes are not a PNG, JPEG, GIF or WebP image" };
  const { width, height } = header;
  if (width === 0 || height === 0) return { ok: false, reason: "its header declares an empty image" };
  const fits = Math.max(width, height) <= maxEdge && base64Length(bytes.length) <= budget;
  if (fits) return { ok: true, bytes, mimeType: IMAGE_MIME[header.format], width, height, originalWidth: width, originalHeight: height, reencoded: false };

  if (header.format === "gif" || header.format === "webp") {
    if (Math.max(width, height) <= IMAGE_LIMITS.maxSide && base64Length(bytes.length) <= budget) {
      // Claude scales these itself; only PNG and JPEG can be scaled here.
      return { ok: true, bytes, mimeType: IMAGE_MIME[header.format], width, height, originalWidth: width, originalHeight: height, reencoded: false };
    }
    return { ok: false, reason: `it is a ${width}×${height} ${header.format.toUpperCase()} too large to return inline, and only PNG and JPEG can be scaled down here` };
  }
  if (width * height > maxPixels) {
    return {
      ok: false,
      reason: `it is ${width}×${height} (${((width * height) / 1e6).toFixed(1)} megapixels), over the ${(maxPixels / 1e6).toFixed(0)}-megapixel limit for scaling it down here`,
    };
  }

  let image: Rgba;
  try {
    image = decode(bytes, header);
  } catch {
    return { ok: false, reason: `its ${header.format.toUpperCase()} data could not be decoded (the file may be damaged)` };
  }
  let edge = Math.min(maxEdge, Math.max(width, height));
  for (let step = 0; step <= IMAGE_LIMITS.shrinkSteps; step++) {
    const scaled = resize(image, edge);
    // Keep the format first; a PNG that is still too big is tried as JPEG (photos compress far better).
    const attempts: ImageFormat[] = header.format === "png" ? ["png", "jpeg"] : ["jpeg"];
    for (const format of attempts) {
      const encoded = encode(scaled, format);
      if (base64Length(encoded.length) <= budget) {
        return {
          ok: true,
          bytes: encoded,
          mimeType: IMAGE_MIME[format],
          width: scaled.width,
          height: scaled.height,
          originalWidth: width,
          originalHeight: height,
          reencoded: true,
        };
      }
    }
    edge = Math.floor(edge / 2);
    if (edge < IMAGE_LIMITS.minEdge) break;
  }
  return { ok: false, reason: `even scaled down it does not fit in the ${budget.toLocaleString("en-US")} characters a result may use` };
}

function decode(bytes: Uint8Array, header: ImageHeader): Rgba {
  if (header.format === "jpeg") {
    const decoded = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: IMAGE_LIMITS.maxDecodePixels / 1e6,
      maxMemoryUsageInMB: IMAGE_LIMITS.jpegMemoryMB,
    });
    return { width: decoded.width, height: decoded.height, data: decoded.data, hasAlpha: false };
  }
  return pngToRgba(decodePng(bytes));
}

/** Any PNG colour type and bit depth as 8-bit RGBA (PNG spec §11.2.2: types 0, 2, 3, 4, 6). */
export function pngToRgba(png: ReturnType<typeof decodePng>): Rgba {
  const { width, height, depth, channels, data, palette, transparency } = png;
  const out = new Uint8Array(width * height * 4);
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const max = (1 << Math.min(depth, 8)) - 1;
  /** Sample `k` of pixel `x` in row `y`, scaled to 0-255 (or the raw index for palettes). */
  const sample = (x: number, y: number, k: number, raw: boolean): number => {
    if (depth === 16) return ((data[(y * width + x) * channels + k] as number) >> 8) & 0xff;
    if (depth === 8) return data[(y * width + x) * channels + k] as number;
    const bit = (x * channels + k) * depth;
    const byte = data[y * rowBytes + (bit >> 3)] as number;
    const value = (byte >> (8 - depth - (bit & 7))) & max;
    return raw ? value : Math.round((value * 255) / max);
  };
  let hasAlpha = false;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      let r: number;
      let g: number;
      let b: number;
      let a = 255;
      if (palette) {
        const index = sample(x, y, 0, true);
        const colour = palette[index] ?? [0, 0, 0];
        [r, g, b] = [colour[0] ?? 0, colour[1] ?? 0, colour[2] ?? 0];
        a = colour[3] ?? (transparency && index < transparency.length ? (transparency[index] as number) : 255);
      } else if (channels <= 2) {
        r = g = b = sample(x, y, 0, false);
        if (channels === 2) a = sample(x, y, 1, false);
      } else {
        r = sample(x, y, 0, false);
        g = sample(x, y, 1, false);
        b = sample(x, y, 2, false);
        if (channels === 4) a = sample(x, y, 3, false);
      }
      if (a !== 255) hasAlpha = true;
      out[at] = r;
      out[at + 1] = g;
      out[at + 2] = b;
      out[at + 3] = a;
    }
  }
  return { width, height, data: out, hasAlpha };
}

function encode(image: Rgba, format: ImageFormat): Uint8Array {
  if (format === "png") {
    return encodePng({ width: image.width, height: image.height, data: image.data, channels: 4, depth: 8 });
  }
  // JPEG has no alpha: composite onto white, which is how a transparent image usually looks on a page.
  const data = image.hasAlpha ? flattenOnWhite(image.data) : image.data;
  const encoded = encodeJpeg({ width: image.width, height: image.height, data }, IMAGE_LIMITS.jpegQuality);
  return new Uint8Array(encoded.data.buffer, encoded.data.byteOffset, encoded.data.byteLength);
}

function flattenOnWhite(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgba.length);
  for (let at = 0; at < rgba.length; at += 4) {
    const alpha = (rgba[at + 3] as number) / 255;
    for (let k = 0; k < 3; k++) out[at + k] = Math.round((rgba[at + k] as number) * alpha + 255 * (1 - alpha));
    out[at + 3] = 255;
  }
  return out;
}

/** Scale so the long edge is at most `maxEdge`, keeping the aspect ratio (never scales up). */
export function resize(image: Rgba, maxEdge: number): Rgba {
  const longEdge = Math.max(image.width, image.height);
  if (longEdge <= maxEdge) return image;
  const scale = maxEdge / longEdge;
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const horizontal = resampleAxis(image.data, image.width, image.height, width, true);
  const data = resampleAxis(horizontal, width, image.height, height, false);
  return { width, height, data, hasAlpha: image.hasAlpha };
}

/**
 * Area-average (box) resampling along one axis: each output pixel is the mean of the input pixels it
 * covers, weighted by overlap. For downscaling this avoids the aliasing of nearest-neighbour.
 */
function resampleAxis(source: Uint8Array, width: number, height: number, size: number, horizontal: boolean): Uint8Array {
  const inLength = horizontal ? width : height;
  const outWidth = horizontal ? size : width;
  const outHeight = horizontal ? height : size;
  const out = new Uint8Array(outWidth * outHeight * 4);
  const ratio = inLength / size;
  // Per output position: the input positions it covers and their weights.
  const taps: { first: number; weights: number[] }[] = [];
  for (let o = 0; o < size; o++) {
    const start = o * ratio;
    const end = Math.min(inLength, (o + 1) * ratio);
    const first = Math.floor(start);
    const weights: number[] = [];
    for (let i = first; i < end; i++) weights.push((Math.min(end, i + 1) - Math.max(start, i)) / ratio);
    taps.push({ first, weights });
  }
  const lines = horizontal ? height : width;
  const sum = new Float64Array(4);
  for (let line = 0; line < lines; line++) {
    for (let o = 0; o < size; o++) {
      const { first, weights } = taps[o] as { first: number; weights: number[] };
      sum.fill(0);
      for (let w = 0; w < weights.length; w++) {
        const i = first + w;
        const at = (horizontal ? line * width + i : i * width + line) * 4;
        const weight = weights[w] as number;
        for (let k = 0; k < 4; k++) sum[k] = (sum[k] as number) + (source[at + k] as number) * weight;
      }
      const target = (horizontal ? line * outWidth + o : o * outWidth + line) * 4;
      for (let k = 0; k < 4; k++) out[target + k] = Math.min(255, Math.round(sum[k] as number));
    }
  }
  return out;
}
