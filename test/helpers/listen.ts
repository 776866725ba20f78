/**
 * A `subscriptions/listen` stream from the client's side, for either runner (workerd or Node):
 * open it with any fetch, read its JSON-RPC messages and comment lines as they arrive, close it.
 * Reads are bounded so a stream that never delivers fails the test instead of hanging it.
 */
import { MCP_HEADERS, modernRequest } from "./mcp-wire";

export interface ListenFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

export interface ListenStream extends SseReader {
  /** The listen request's id: every message carries it as its subscription id. */
  id: number;
  response: Response;
}

export const SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

export async function openListen(
  fetcher: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
  token: string,
  notifications: ListenFilter,
): Promise<ListenStream> {
  const { id, body, headers } = modernRequest("subscriptions/listen", { notifications });
  const response = await fetcher(url, {
    method: "POST",
    headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  return { id, response, ...(await readSse(response)) };
}

export interface SseReader {
  /** Every message read so far, in order. */
  messages: Record<string, any>[];
  /** Comment lines read so far (keepalives). */
  comments: string[];
  /** Read until a message after the last one returned satisfies `match`; throws after `ms`. */
  next(match: (message: Record<string, any>) => boolean, ms?: number): Promise<Record<string, any>>;
  /** Read for `ms` and return the messages that arrived meanwhile (to show that nothing did). */
  quiet(ms: number): Promise<Record<string, any>[]>;
  /** Read until the stream ends; returns every message. */
  end(ms?: number): Promise<Record<string, any>[]>;
  close(): Promise<void>;
}

/** Read a response's JSON-RPC messages (an SSE stream as it arrives, or one JSON body). */
export async function readSse(response: Response): Promise<SseReader> {
  const messages: Record<string, any>[] = [];
  const comments: string[] = [];
  const isStream = response.headers.get("Content-Type")?.includes("text/event-stream") ?? false;
  if (!isStream) {
    messages.push((await response.json()) as Record<string, any>);
  }
  const reader = isStream ? response.body!.getReader() : undefined;
  const decoder = new TextDecoder();
  let buffer = "";
  let done = !isStream;
  let seen = 0;
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;

  /** Read one chunk (or time out); false when the stream ended or the time ran out. */
  const pump = async (deadline: number): Promise<boolean> => {
    if (done || !reader) return false;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A read that loses the race stays pending and is awaited next time: its chunk must not be lost.
    pending ??= reader.read();
    const chunk = await Promise.race([
      pending,
      new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), left))),
    ]);
    clearTimeout(timer);
    if (chunk === "timeout") return false;
    pending = undefined;
    if (chunk.done) {
      done = true;
      return false;
    }
    buffer += decoder.decode(chunk.value, { stream: true });
    let boundary: number;
    while ((boundary = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      for (const line of frame.split("\n")) {
        if (line.startsWith("data: ")) messages.push(JSON.parse(line.slice(6)));
        else if (line.startsWith(":")) comments.push(line);
      }
    }
    return true;
  };

  return {
    messages,
    comments,
    async next(match, ms = 5_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = messages.slice(seen).findIndex(match);
        if (found >= 0) {
          seen += found + 1;
          return messages[seen - 1]!;
        }
        if (!(await pump(deadline)))
          throw new Error(
            `no matching message within ${ms} ms${done ? " (stream ended)" : ""}; so far: ${JSON.stringify(messages)}`,
          );
      }
    },
    async quiet(ms) {
      const before = messages.length;
      const deadline = Date.now() + ms;
      while (await pump(deadline));
      return messages.slice(before);
    },
    async end(ms = 5_000) {
      const deadline = Date.now() + ms;
      while (await pump(deadline));
      if (!done) throw new Error(`stream still open after ${ms} ms; so far: ${JSON.stringify(messages)}`);
      return messages;
    },
    async close() {
      done = true;
      await reader?.cancel().catch(() => {});
    },
  };
}
