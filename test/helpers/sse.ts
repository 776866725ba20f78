/**
 * Legacy HTTP+SSE from the client's side: open `GET /sse`, read its events, post to the endpoint it
 * announces. Reads are bounded so a stream that never answers fails the test instead of hanging it.
 */
import { INITIALIZE, MCP_HEADERS, openSession, send, signIn } from "./worker";

export interface SseStream {
  /** The message endpoint from the `endpoint` event, e.g. `/sse/message?sessionId=…`. */
  endpoint: string;
  sessionId: string;
  /** Read until the text so far contains `needle`; throws after `ms` milliseconds. */
  readUntil(needle: string, ms?: number): Promise<string>;
  /** POST one JSON-RPC message (or a raw string) to the endpoint. */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function openSse(
  token: string,
  headers: Record<string, string> = { Accept: "text/event-stream" },
): Promise<SseStream> {
  const response = await send("/sse", { headers: { Authorization: `Bearer ${token}`, ...headers } });
  if (response.status !== 200) throw new Error(`GET /sse: ${response.status} ${await response.text()}`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const readUntil = async (needle: string, ms = 5_000) => {
    const deadline = Date.now() + ms;
    while (!text.includes(needle)) {
      const left = deadline - Date.now();
      const chunk = await Promise.race([
        reader.read(),
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), Math.max(left, 0))),
      ]);
      if (chunk === "timeout") throw new Error(`no ${JSON.stringify(needle)} within ${ms} ms; stream so far: ${text}`);
      if (chunk.done) throw new Error(`stream ended before ${JSON.stringify(needle)}; stream so far: ${text}`);
      text += decoder.decode(chunk.value);
    }
    return text;
  };
  await readUntil("\n\n");
  const endpoint = /event: endpoint\ndata: (\S+)/.exec(text)?.[1] ?? "";
  const sessionId = new URL(endpoint, "http://x").searchParams.get("sessionId") ?? "";
  return {
    endpoint,
    sessionId,
    readUntil,
    post: (body, extra = {}) =>
      send(endpoint, {
        method: "POST",
        headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}`, ...extra },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    close: () => reader.cancel(),
  };
}

/** A legacy session past `initialize` (at `protocolVersion`), its reply read off the stream. */
export async function openInitializedSse(
  token: string,
  protocolVersion = INITIALIZE.params.protocolVersion,
): Promise<SseStream> {
  const stream = await openSse(token);
  const response = await stream.post({ ...INITIALIZE, params: { ...INITIALIZE.params, protocolVersion } });
  if (response.status !== 202) throw new Error(`initialize over SSE: ${response.status} ${await response.text()}`);
  await stream.readUntil('"serverInfo"');
  return stream;
}

/** A fresh user with one Streamable HTTP session and one legacy SSE session, both initialized. */
export async function sessionsOnBothTransports(): Promise<{ token: string; sessionId: string; legacy: SseStream }> {
  const token = (await signIn()).tokens.access_token;
  return { token, sessionId: await openSession(token), legacy: await openInitializedSse(token) };
}
