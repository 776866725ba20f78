/**
 * A real HTTP receiver on loopback that stands in for ntfy, Slack, Discord and webhook endpoints.
 * It runs in Node (started by vitest's globalSetup); the worker under test sends to it for real,
 * and tests, which run inside workerd, script its answers and read what it received over HTTP:
 *
 *   PUT /__script/<box>    JSON array of {status, headers?, body?, delayMs?, reset?}: the next answers for <box>, in order
 *   GET /__requests/<box>  every request recorded for <box>, oldest first
 *
 * A request's box is its first path segment, or the `topic` of a JSON body POSTed to `/` (ntfy's
 * JSON publishing goes to the server root). Unscripted requests get 200 "ok". Boxes keep tests apart.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Hold the answer this long (for timeouts). */
  delayMs?: number;
  /** Drop the connection instead of answering (a reset), after `delayMs` if given. */
  reset?: boolean;
}

export interface Receiver {
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export async function startReceiver(): Promise<Receiver> {
  const requests = new Map<string, RecordedRequest[]>();
  const scripts = new Map<string, ScriptedAnswer[]>();

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    const control = /^\/__(script|requests)\/([\w-]+)$/.exec(url.pathname);
    if (control) {
      const [, action, box] = control as unknown as [string, string, string];
      if (action === "script" && req.method === "PUT") {
        scripts.set(box, JSON.parse(body) as ScriptedAnswer[]);
        res.writeHead(204).end();
      } else {
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(requests.get(box) ?? []));
      }
      return;
    }
    const box = boxOf(url.pathname, body);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(", ") : (value ?? ""),
      ]),
    );
    const list = requests.get(box) ?? [];
    list.push({ method: req.method ?? "", path: url.pathname, query: url.search, headers, body });
    requests.set(box, list);
    const answer = scripts.get(box)?.shift() ?? { status: 200, body: "ok" };
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (res.destroyed) return;
    if (answer.reset) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers ?? { "Content-Type": "text/plain" }).end(answer.body ?? "");
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("receiver has no port");
  return {
    port: address.port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function boxOf(path: string, body: string): string {
  const first = path.split("/")[1];
  if (first) return first;
  try {
    const topic = (JSON.parse(body) as { topic?: unknown }).topic;
    return typeof topic === "string" ? topic : "";
  } catch {
    return "";
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
