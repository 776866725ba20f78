/**
 * Raw HTTP for the measured requests. node:http with a keep-alive agent costs the client far less
 * CPU than fetch, and the client shares the machine's cores with the server being measured.
 */
import { Agent, request as httpRequest } from "node:http";

export const ACCEPT = "application/json, text/event-stream";

/** One keep-alive agent per scenario, sized to its concurrency so every worker keeps its socket. */
export function keepAliveAgent(sockets) {
  return new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

/**
 * POST and read the whole reply.
 * @returns {Promise<{ status: number, headers: import("node:http").IncomingHttpHeaders, text: string }>}
 */
export function post(url, { agent, headers, body, timeoutMs = 30_000 }) {
  return new Promise((resolvePost, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", agent, headers: { ...headers, "Content-Length": Buffer.byteLength(body) }, timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () =>
          resolvePost({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no complete reply within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * The JSON-RPC messages in a reply: a JSON body, or the `data:` lines of an event stream
 * (Streamable HTTP answers a POST with either, MCP 2025-11-25 "Sending Messages to the Server").
 */
export function rpcMessages(reply) {
  const type = String(reply.headers["content-type"] ?? "");
  if (type.includes("text/event-stream")) {
    const messages = [];
    // Events are separated by a blank line; multi-line data joins with "\n" (HTML, Server-sent events).
    for (const event of reply.text.split(/\r?\n\r?\n/)) {
      const data = event
        .split(/\r?\n/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n");
      if (data) messages.push(JSON.parse(data));
    }
    return messages;
  }
  return reply.text ? [JSON.parse(reply.text)] : [];
}
