/**
 * Read at most `maxBytes` of a request or response body, whatever Content-Length claims (a chunked
 * body has none). Returns undefined when the body is larger, having stopped reading at the limit.
 * @example const bytes = await readBodyLimited(await fetch(url), 256 * 1024); // undefined: too large
 */
export async function readBodyLimited(message: Request | Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = Number(message.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) {
    await message.body?.cancel();
    return undefined;
  }
  if (!message.body) return new Uint8Array();
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
