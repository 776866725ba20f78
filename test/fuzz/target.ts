/**
 * What the fuzz properties talk to: a running Outpost, reached either in-process inside workerd
 * (`exports.default.fetch`, the bounded run in `npm test`) or over loopback HTTP (`npm run fuzz`
 * against `wrangler dev`). Web-standard APIs only, so both runners share every property.
 */

export interface FuzzTarget {
  /** Send one request; `path` is relative to the server's origin. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The origin requests appear to come to (`http://localhost`, `http://127.0.0.1:<port>`). */
  origin: string;
  /** An access token with every scope, used by every MCP property. */
  token: string;
  /** A live 2025-era Streamable HTTP session opened with `token`. */
  sessionId: string;
  /** A registered public client and its redirect URI, for the consent and token properties. */
  client: { clientId: string; redirectUri: string };
  /** Values that must never appear in a response or a log line (passphrase, keys, our own tokens). */
  secrets: string[];
  /** The server's log lines since the last call (a remote server's may take a moment to arrive). */
  drainLogs(): Promise<string[]>;
}

/** One request and what came back, read within the deadline. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  contentType: string;
  /** The body; empty for an event stream opened by GET (its headers are all a client waits for). */
  text: string;
  ms: number;
  /**
   * The server answered early and closed the connection while an over-limit body was still being
   * sent (RFC 9110 §15.5.14 allows it), or the local dev proxy turned that into its own 500: the
   * client saw no answer from the worker, and that is not the worker's fault.
   */
  dropped?: boolean;
}

/** Body limits past which a server may refuse before reading (the consent form's, then MAX_REQUEST_BYTES). */
function bodyLimitFor(path: string): number {
  return path.startsWith("/authorize") ? 16 * 1024 : 1_048_576;
}

/** Longest a request may take before it counts as a hang (weather's upstream timeout is 5 s, plus a retry). */
export const REQUEST_DEADLINE_MS = 15_000;
/** Longest body read from one answer; a larger answer is itself worth a look, not a reason to hang. */
const MAX_READ_CHARS = 4 * 1024 * 1024;

export class Hang extends Error {
  override name = "Hang";
}

/**
 * Send and read the answer within `deadlineMs`. A GET answered with an event stream is opened and
 * cancelled at once: such streams stay open by design.
 */
export async function exchange(
  target: FuzzTarget,
  path: string,
  init: RequestInit = {},
  deadlineMs = REQUEST_DEADLINE_MS,
): Promise<Exchange> {
  const method = (init.method ?? "GET").toUpperCase();
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Hang(`${method} ${path.slice(0, 120)}: no complete answer within ${deadlineMs} ms`)),
      deadlineMs,
    );
  });
  const size = typeof init.body === "string" ? new TextEncoder().encode(init.body).byteLength : 0;
  try {
    const response = await Promise.race([target.fetch(path, init), deadline]);
    const contentType = response.headers.get("Content-Type") ?? "";
    let text = "";
    if (method === "GET" && contentType.includes("text/event-stream")) {
      await response.body?.cancel().catch(() => undefined);
    } else {
      text = await Promise.race([readText(response), deadline]);
    }
    // wrangler dev's own proxy in front of the worker answers 500 "Network connection lost" when the
    // worker refuses an over-limit body without reading it; the worker itself answered 413.
    if (size > bodyLimitFor(path) && response.status === 500 && text.startsWith("Error: Network connection lost.")) {
      return {
        method,
        path,
        status: 0,
        headers: response.headers,
        contentType,
        text,
        ms: Date.now() - started,
        dropped: true,
      };
    }
    return {
      method,
      path,
      status: response.status,
      headers: response.headers,
      contentType,
      text,
      ms: Date.now() - started,
    };
  } catch (error) {
    if (error instanceof TypeError && size > bodyLimitFor(path)) {
      return {
        method,
        path,
        status: 0,
        headers: new Headers(),
        contentType: "",
        text: "",
        ms: Date.now() - started,
        dropped: true,
      };
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function readText(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
    if (text.length > MAX_READ_CHARS) {
      await reader.cancel();
      return text;
    }
  }
}

/** The JSON-RPC messages of an answer: a JSON body, or the `data:` lines of an event stream. */
export function rpcMessagesOf(ex: Exchange): unknown[] {
  if (ex.contentType.includes("text/event-stream")) {
    return ex.text
      .split(/\r?\n\r?\n/)
      .map((event) =>
        event
          .split(/\r?\n/)
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).replace(/^ /, ""))
          .join("\n"),
      )
      .filter((data) => data !== "")
      .map((data) => JSON.parse(data) as unknown);
  }
  return ex.text ? [JSON.parse(ex.text) as unknown] : [];
}
