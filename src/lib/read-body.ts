/**
 * How much of an oversized body is read and thrown away before the refusal is sent. Answering
 * while the client is still uploading closes the connection under it, and the client then sees a
 * reset (or wrangler's proxy a 500) instead of the 413. Past this much, the client is not worth
 * waiting for and the connection is closed.
 */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Read at most `maxBytes` of a request or response body, whatever Content-Length claims (a chunked
 * body has none). Returns undefined when the body is larger. The rest of a request body is then
 * drained (up to `DRAIN_MAX_BYTES`) so the caller's error reaches the client on a connection still
 * in step; the rest of a response body (an upstream's) is cancelled at once.
 * @example const bytes = await readBodyLimited(await fetch(url), 256 * 1024); // undefined: too large
 */
export async function readBodyLimited(message: Request | Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const drain = message instanceof Request ? DRAIN_MAX_BYTES : 0;
  const declared = Number(message.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) {
    await discard(message.body, declared <= drain ? drain : 0);
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
      reader.releaseLock();
      await discard(message.body, drain - size);
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

/** Read and drop up to `budget` bytes of a body, then cancel whatever is left. */
async function discard(body: ReadableStream<Uint8Array> | null, budget: number): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  try {
    let left = budget;
    while (left > 0) {
      const { done, value } = await reader.read();
      if (done) return;
      left -= value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away mid-upload: nothing left to answer.
  }
}
