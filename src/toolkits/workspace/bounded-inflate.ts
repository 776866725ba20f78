/**
 * zlib inflation (RFC 1950/1951) that stops at a size known in advance. A PNG's header fixes exactly
 * how many bytes its image data inflates to; a decompression bomb declares a small image and carries
 * a stream that inflates to gigabytes. Inflating in small slices of input into a buffer of the
 * declared size means memory never goes past that size plus what one slice can produce.
 *
 * The one place fflate is used (fast-png uses it too, but inflates without any limit).
 */
import { Unzlib } from "fflate";

/**
 * Compressed bytes fed per step. DEFLATE expands at most about 1032:1, so one step produces at most
 * ~4 MB: the most the inflater can allocate past the declared size before it stops.
 */
export const INFLATE_SLICE_BYTES = 4 * 1024;
/** DEFLATE's largest expansion (a 258-byte match in under 2 bits): less input cannot fill `size`. */
const MAX_RATIO = 1032;

export type Inflated =
  | { ok: true; bytes: Uint8Array }
  | {
      ok: false;
      /** `overflow`: more data than declared; `short`: the stream ended early; `corrupt`: not valid zlib data. */
      problem: "overflow" | "short" | "corrupt";
      /** Bytes the inflater produced before stopping (for an overflow, at most one step past `size`). */
      inflatedBytes: number;
    };

/** Inflate the zlib stream split across `parts` (a PNG's IDAT chunks) into exactly `size` bytes. */
export function inflateBounded(parts: readonly Uint8Array[], size: number): Inflated {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  if (total * MAX_RATIO < size) return { ok: false, problem: "short", inflatedBytes: 0 };
  const out = new Uint8Array(size);
  let written = 0;
  let produced = 0;
  let overflow = false;
  const inflater = new Unzlib((chunk) => {
    produced += chunk.length;
    if (overflow || written + chunk.length > size) {
      overflow = true;
      return;
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  let fed = 0;
  try {
    for (const part of parts) {
      for (let at = 0; at < part.length && !overflow; at += INFLATE_SLICE_BYTES) {
        const slice = part.subarray(at, at + INFLATE_SLICE_BYTES);
        fed += slice.length;
        inflater.push(slice, fed === total);
      }
      if (overflow) return { ok: false, problem: "overflow", inflatedBytes: produced };
    }
  } catch (error) {
    // fflate throws FlateError: code 0 is "unexpected EOF" (a stream cut short), the others invalid data.
    const cutShort = (error as { code?: unknown }).code === 0;
    return { ok: false, problem: cutShort ? "short" : "corrupt", inflatedBytes: produced };
  }
  if (written < size) return { ok: false, problem: "short", inflatedBytes: produced };
  return { ok: true, bytes: out };
}
