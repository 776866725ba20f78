/**
 * What decoding and scaling an image will cost in memory, from its header alone, so an image that
 * would not fit a Worker isolate (128 MB for everything) is refused before anything is allocated.
 * A file's compressed size says nothing about this: a 20 KB PNG can declare 30000×30000 pixels, and
 * 16-bit samples double what the pixel count suggests.
 */
import type { ImageHeader, JpegFrame, JpegHeader, PngHeader } from "./image-dimensions";
import { isValidPngFormat, pngChannels, pngRawBytes } from "./png-decode";

/**
 * What one small typed array costs beyond its bytes: about 200 bytes of V8 heap for the object and
 * its ArrayBuffer (measured with Node 22's V8: 196 bytes), which jpeg-js pays per 8×8 block and per line.
 */
const TYPED_ARRAY_OVERHEAD = 200;
/** jpeg-js keeps each 8×8 block's coefficients in its own Int32Array(64) (decoder.js, prepareComponents). */
const JPEG_BLOCK_BYTES = 64 * 4 + TYPED_ARRAY_OVERHEAD;

export type DecodePlan = { ok: true; bytes: number } | { ok: false; reason: string };

/** Long edge after scaling to at most `maxEdge` (never up). */
export function scaledSize(width: number, height: number, maxEdge: number): { width: number; height: number } {
  const longEdge = Math.max(width, height);
  if (longEdge <= maxEdge) return { width, height };
  const scale = maxEdge / longEdge;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Peak bytes held while a PNG or JPEG is decoded to RGBA and scaled to `maxEdge`: the decoder's own
 * buffers plus the RGBA image, then the RGBA image plus the two resampling passes (horizontal first,
 * see `resize`). The decoder's buffers are unreachable by the time scaling starts.
 */
export function planDecode(header: PngHeader | JpegHeader, maxEdge: number, maxBytes: number): DecodePlan {
  const { width, height } = header;
  const rgba = width * height * 4;
  const out = scaledSize(width, height, maxEdge);
  const resize = out.width * height * 4 + out.width * out.height * 4;
  const decoder =
    header.format === "png"
      ? pngRawBytes(header)
      : header.frames.reduce((sum, frame) => sum + jpegFrameBytes(frame), 0);
  const bytes = Math.max(decoder + rgba, rgba + resize);
  if (bytes > maxBytes) {
    return {
      ok: false,
      reason:
        `it is ${width}×${height} ${describeSamples(header)}: decoding it to scale it down would take about ${megabytes(bytes)} of memory, ` +
        `over the ${megabytes(maxBytes)} this connector may use for one image`,
    };
  }
  return { ok: true, bytes };
}

/**
 * Why the header alone shows the image is damaged or hostile, whatever its size: checked before an
 * image is sent to Claude as it is, too, since Claude cannot read those either.
 */
export function headerProblem(header: ImageHeader, maxScans: number): string | undefined {
  if (header.width === 0 || header.height === 0) return "its header declares an empty image";
  if (header.format === "png" && !isValidPngFormat(header)) {
    return `its header declares colour type ${header.colorType} at ${header.bitDepth} bits, which PNG does not allow (the file is damaged)`;
  }
  return header.format === "jpeg" ? jpegProblem(header, maxScans) : undefined;
}

function jpegProblem(header: JpegHeader, maxScans: number): string | undefined {
  if (!header.complete) return "its data stops before the end of the image (the file is truncated or damaged)";
  if (header.frames.length !== 1)
    return `it has ${header.frames.length} frame headers where a JPEG has one (the file is damaged)`;
  const frame = header.frames[0] as JpegFrame;
  if (!frame.supported)
    return "it uses a JPEG process (lossless, hierarchical or arithmetic coding) that cannot be decoded here";
  if (frame.components.length === 0 || frame.components.some((c) => c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4)) {
    return "its frame header has invalid sampling factors (the file is damaged)";
  }
  if (header.scans > maxScans) {
    return `it has ${header.scans} scans (a progressive JPEG normally has about 10), and each one is decoded over the whole image: over the limit of ${maxScans}`;
  }
  return undefined;
}

/**
 * jpeg-js's buffers for one frame (lib/decoder.js): every 8×8 block of every component for the
 * whole image (whether baseline or progressive), then each component's sample lines, then all
 * components interleaved (getData) before the RGBA copy counted by the caller.
 */
export function jpegFrameBytes(frame: JpegFrame): number {
  const maxH = Math.max(...frame.components.map((c) => c.h));
  const maxV = Math.max(...frame.components.map((c) => c.v));
  const mcusPerLine = Math.ceil(frame.width / 8 / maxH);
  const mcusPerColumn = Math.ceil(frame.height / 8 / maxV);
  let bytes = frame.width * frame.height * frame.components.length;
  for (const { h, v } of frame.components) {
    bytes += mcusPerLine * h * mcusPerColumn * v * JPEG_BLOCK_BYTES;
    const samplesPerLine = Math.ceil((Math.ceil(frame.width / 8) * h) / maxH) * 8;
    const lines = Math.ceil((Math.ceil(frame.height / 8) * v) / maxV) * 8;
    bytes += lines * (samplesPerLine + TYPED_ARRAY_OVERHEAD);
  }
  return bytes;
}

function describeSamples(header: PngHeader | JpegHeader): string {
  if (header.format === "jpeg") return `JPEG with ${header.frames[0]?.components.length ?? 0} colour components`;
  const channels = ["grey", "", "RGB", "palette", "grey+alpha", "", "RGBA"][header.colorType] ?? "";
  return `PNG (${channels}, ${header.bitDepth} bits per sample, ${pngChannels(header)} samples per pixel)`;
}

function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / (1024 * 1024)).toLocaleString("en-US")} MB`;
}

/** Whether a header is one `planDecode` can budget (the formats decoded here). */
export function isDecodable(header: ImageHeader): header is PngHeader | JpegHeader {
  return header.format === "png" || header.format === "jpeg";
}
