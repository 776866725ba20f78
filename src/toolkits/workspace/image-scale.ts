/**
 * Make a stored image fit what Claude accepts as an image result: at most 8000 px on a side and about
 * 5 MB of base64, and no larger than the 1568 px long edge Claude's vision works at (bigger images are
 * scaled down by Claude anyway, at the cost of tokens and upload size). PNG and JPEG are decoded and
 * re-encoded in pure JS (png-decode.ts and fast-png's encoder, jpeg-js) within a memory budget checked
 * on the header first (image-budget.ts); GIF and WebP pass through when they already fit.
 */
import { encode as encodePng } from "fast-png";
import { decode as decodeJpeg, encode as encodeJpeg } from "jpeg-js";
import { base64Length } from "../../lib/encoding";
import { headerProblem, isDecodable, planDecode, scaledSize } from "./image-budget";
import {
  IMAGE_MIME,
  type ImageFormat,
  type ImageHeader,
  type JpegHeader,
  type PngHeader,
  readImageHeader,
} from "./image-dimensions";
import { decodePngRgba, PngDataError, type Rgba } from "./png-decode";

export const IMAGE_LIMITS = {
  /** Long edge images are scaled down to: the size Claude's vision uses. */
  maxEdge: 1568,
  /** Claude refuses images larger than this on either side. */
  maxSide: 8000,
  /** Claude refuses image payloads over about 5 MB of base64. */
  maxBase64Chars: 5 * 1024 * 1024,
  /**
   * Memory one image may take while it is decoded and scaled, computed from its header before
   * decoding (image-budget.ts): half of a Worker isolate's 128 MB, which also holds the code, the
   * stored file's bytes (up to 10 MB) and the encoded result. About 8 megapixels of 8-bit RGBA PNG
   * (a 4K screenshot), 4 of 16-bit PNG, 3 of JPEG (jpeg-js keeps every 8×8 block as its own array).
   */
  maxDecodeBytes: 64 * 1024 * 1024,
  /** Scans in a JPEG: each is decoded over the whole image, so thousands of them are a CPU bomb. */
  maxJpegScans: 100,
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
  maxDecodeBytes?: number;
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

/** What to do with an image, decided from its header alone. */
export type ImagePlan =
  | { action: "as-stored"; header: ImageHeader }
  | { action: "refuse"; reason: string }
  | { action: "decode"; header: PngHeader | JpegHeader; bytes: number };

/**
 * Send the image as stored, refuse it, or decode it within `plan.bytes` of memory: decided from the
 * header, before anything of the image's decoded size is allocated. Also used at upload, to say
 * then whether the image can be shown.
 */
export function planImage(bytes: Uint8Array, options: FitOptions = {}): ImagePlan {
  const maxEdge = options.maxEdge ?? IMAGE_LIMITS.maxEdge;
  const budget = Math.min(options.maxBase64Chars ?? IMAGE_LIMITS.maxBase64Chars, IMAGE_LIMITS.maxBase64Chars);
  const header = readImageHeader(bytes);
  if (!header) return { action: "refuse", reason: "its bytes are not a PNG, JPEG, GIF or WebP image" };
  const problem = headerProblem(header, IMAGE_LIMITS.maxJpegScans);
  if (problem) return { action: "refuse", reason: problem };
  const { width, height } = header;
  if (Math.max(width, height) <= maxEdge && base64Length(bytes.length) <= budget)
    return { action: "as-stored", header };
  // What Claude itself accepts (it scales such images down on its side).
  const claudeTakesIt = Math.max(width, height) <= IMAGE_LIMITS.maxSide && base64Length(bytes.length) <= budget;
  if (!isDecodable(header)) {
    if (claudeTakesIt) return { action: "as-stored", header }; // only PNG and JPEG can be scaled here
    return {
      action: "refuse",
      reason: `it is a ${width}×${height} ${header.format.toUpperCase()} too large to return inline, and only PNG and JPEG can be scaled down here`,
    };
  }
  const plan = planDecode(header, maxEdge, options.maxDecodeBytes ?? IMAGE_LIMITS.maxDecodeBytes);
  if (plan.ok) return { action: "decode", header, bytes: plan.bytes };
  // A photo too big to decode here but within Claude's own limits goes as it is. A PNG does not:
  // its data was never inflated, so it may be a decompression bomb.
  if (header.format === "jpeg" && claudeTakesIt) return { action: "as-stored", header };
  return { action: "refuse", reason: plan.reason };
}

/** The image as Claude can take it, or why it cannot be returned as an image (see `planImage`). */
export function fitImage(bytes: Uint8Array, options: FitOptions = {}): FittedImage {
  const plan = planImage(bytes, options);
  if (plan.action === "refuse") return { ok: false, reason: plan.reason };
  const { header } = plan;
  const { width, height } = header;
  if (plan.action === "as-stored") {
    return {
      ok: true,
      bytes,
      mimeType: IMAGE_MIME[header.format],
      width,
      height,
      originalWidth: width,
      originalHeight: height,
      reencoded: false,
    };
  }
  const maxEdge = options.maxEdge ?? IMAGE_LIMITS.maxEdge;
  const budget = Math.min(options.maxBase64Chars ?? IMAGE_LIMITS.maxBase64Chars, IMAGE_LIMITS.maxBase64Chars);
  let image: Rgba;
  try {
    image = decode(bytes, plan.header, plan.bytes);
  } catch (error) {
    if (error instanceof PngDataError) return { ok: false, reason: error.message };
    return {
      ok: false,
      reason: `its ${header.format.toUpperCase()} data could not be decoded (the file may be damaged)`,
    };
  }
  let edge = Math.min(maxEdge, Math.max(width, height));
  for (let step = 0; step <= IMAGE_LIMITS.shrinkSteps; step++) {
    const scaled = resize(image, edge);
    // Keep the format first; a PNG that is still too big is tried as JPEG (photos compress far better).
    const attempts: ImageFormat[] = plan.header.format === "png" ? ["png", "jpeg"] : ["jpeg"];
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
  return {
    ok: false,
    reason: `even scaled down it does not fit in the ${budget.toLocaleString("en-US")} characters a result may use`,
  };
}

function decode(bytes: Uint8Array, header: PngHeader | JpegHeader, plannedBytes: number): Rgba {
  if (header.format === "png") return decodePngRgba(bytes, header);
  const decoded = decodeJpeg(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: (header.width * header.height) / 1e6 + 1,
    // jpeg-js's own guard counts less than the plan (no per-array overhead): a second line of defence.
    maxMemoryUsageInMB: Math.ceil(plannedBytes / (1024 * 1024)),
  });
  return { width: decoded.width, height: decoded.height, data: decoded.data, hasAlpha: false };
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
  if (Math.max(image.width, image.height) <= maxEdge) return image;
  const { width, height } = scaledSize(image.width, image.height, maxEdge);
  const horizontal = resampleAxis(image.data, image.width, image.height, width, true);
  const data = resampleAxis(horizontal, width, image.height, height, false);
  return { width, height, data, hasAlpha: image.hasAlpha };
}

/**
 * Area-average (box) resampling along one axis: each output pixel is the mean of the input pixels it
 * covers, weighted by overlap. For downscaling this avoids the aliasing of nearest-neighbour.
 */
function resampleAxis(
  source: Uint8Array,
  width: number,
  height: number,
  size: number,
  horizontal: boolean,
): Uint8Array {
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
