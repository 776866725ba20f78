/**
 * Base64 for byte arrays of any size. `btoa(String.fromCharCode(...bytes))` overflows the call stack
 * past ~100k arguments, so bytes are converted in chunks; decoding refuses anything that is not
 * base64 instead of silently dropping characters (atob ignores nothing, but callers send data URLs
 * and line breaks).
 */
const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return btoa(binary);
}

/** Standard or URL-safe base64, padding optional, whitespace ignored; undefined when it is not base64. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const unpadded = compact.replace(/=+$/, "");
  if (unpadded.length % 4 === 1) return undefined;
  const padded = unpadded + "=".repeat((4 - (unpadded.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return undefined;
  }
}

/** Characters of base64 that `bytes` bytes become. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}
