/**
 * What the server offers, read from the server itself before fuzzing (tools with their input JSON
 * Schemas, prompts, resource URIs and templates), so the generators follow the toolkits as they
 * change instead of a copy of them.
 */
import { ENVELOPE, MODERN_VERSION } from "../helpers/mcp-wire";
import type { JsonSchema } from "./json-schema-arbitrary";
import { exchange, type FuzzTarget, rpcMessagesOf } from "./target";

export interface ServerCatalog {
  tools: { name: string; inputSchema: JsonSchema }[];
  prompts: { name: string; arguments: string[] }[];
  /** Concrete resource URIs and template URIs with their `{variables}` left in. */
  resourceUris: string[];
}

export { ENVELOPE, MODERN_VERSION };
export const SESSION_VERSION = "2025-11-25";
export const MCP_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

let nextId = 1;
export const freshId = () => nextId++;

/** One well-formed 2026-07-28 request: the `_meta` envelope and the standard headers. */
export function modernInit(
  token: string,
  method: string,
  params: Record<string, unknown> = {},
  id: unknown = freshId(),
): RequestInit {
  const name = typeof params.name === "string" ? params.name : typeof params.uri === "string" ? params.uri : undefined;
  return {
    method: "POST",
    headers: {
      ...MCP_HEADERS,
      Authorization: `Bearer ${token}`,
      "MCP-Protocol-Version": MODERN_VERSION,
      "Mcp-Method": method,
      ...(name !== undefined && /^[\x20-\x7e]*$/.test(name) && { "Mcp-Name": name }),
    },
    body: JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta: ENVELOPE } }),
  };
}

/** One well-formed request on the 2025-era session. */
export function sessionInit(token: string, sessionId: string, body: unknown): RequestInit {
  return {
    method: "POST",
    headers: {
      ...MCP_HEADERS,
      Authorization: `Bearer ${token}`,
      "Mcp-Session-Id": sessionId,
      "MCP-Protocol-Version": SESSION_VERSION,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

async function modernResult(
  target: FuzzTarget,
  method: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const ex = await exchange(target, "/mcp", modernInit(target.token, method, params));
  const reply = rpcMessagesOf(ex).find((message) => (message as { result?: unknown }).result !== undefined) as
    | { result: Record<string, unknown> }
    | undefined;
  if (!reply) throw new Error(`${method} during discovery: ${ex.status} ${ex.text.slice(0, 300)}`);
  return reply.result;
}

const catalogs = new WeakMap<FuzzTarget, Promise<ServerCatalog>>();

/** The target's catalog, read once. */
export function catalogFor(target: FuzzTarget): Promise<ServerCatalog> {
  let catalog = catalogs.get(target);
  if (!catalog) catalogs.set(target, (catalog = readCatalog(target)));
  return catalog;
}

async function readCatalog(target: FuzzTarget): Promise<ServerCatalog> {
  const tools = (await modernResult(target, "tools/list")).tools as ServerCatalog["tools"];
  const prompts = (
    (await modernResult(target, "prompts/list")).prompts as { name: string; arguments?: { name: string }[] }[]
  ).map((prompt) => ({
    name: prompt.name,
    arguments: (prompt.arguments ?? []).map((argument) => argument.name),
  }));
  const resources = ((await modernResult(target, "resources/list")).resources as { uri: string }[]).map(
    (resource) => resource.uri,
  );
  const templates = (
    (await modernResult(target, "resources/templates/list")).resourceTemplates as { uriTemplate: string }[]
  ).map((template) => template.uriTemplate);
  return { tools, prompts, resourceUris: [...resources, ...templates] };
}

/** Open a 2025-era Streamable HTTP session: initialize, then the initialized notification. */
export async function openSession(target: Pick<FuzzTarget, "fetch">, token: string): Promise<string> {
  const response = await target.fetch("/mcp", {
    method: "POST",
    headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: SESSION_VERSION,
        capabilities: {},
        clientInfo: { name: "outpost-fuzz", version: "1.0.0" },
      },
    }),
  });
  await response.text();
  const sessionId = response.headers.get("Mcp-Session-Id");
  if (response.status !== 200 || !sessionId) throw new Error(`initialize: ${response.status}`);
  const initialized = await target.fetch(
    "/mcp",
    sessionInit(token, sessionId, { jsonrpc: "2.0", method: "notifications/initialized" }),
  );
  await initialized.text();
  return sessionId;
}
