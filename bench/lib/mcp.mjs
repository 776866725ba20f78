/**
 * MCP requests for the load generator. Sessions are set up with the real MCP SDK client (initialize,
 * initialized, tools/list, one checked call); the measured requests are raw HTTP POSTs carrying the
 * session id and bearer token, as a client sends them once connected. Stateless (2026-07-28) targets
 * are checked once with the SDK v2 client pinned to that revision, then measured with raw POSTs
 * carrying the `_meta` envelope and its headers (lib/modern.mjs).
 */
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as StreamableHTTPClientTransportV2,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { ACCEPT, post, rpcMessages } from "./http.mjs";
import { MODERN_LISTS, MODERN_VERSION, modernMessage } from "./modern.mjs";

export const CLIENT_INFO = { name: "outpost-bench", version: "1.0.0" };

/**
 * Connect with the SDK client, check the benchmarked tool is listed and answers, and hand back the
 * session. The client is closed (its GET stream dropped) without ending the session.
 * @returns {Promise<{ sessionId: string, protocolVersion: string }>}
 */
export async function openSdkSession(baseUrl, token, tool) {
  const transport = new StreamableHTTPClientTransport(new URL("/mcp", baseUrl), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client(CLIENT_INFO);
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    if (!tools.some((listed) => listed.name === tool.name)) {
      throw new Error(
        `${baseUrl} does not list the tool ${tool.name} (it lists ${tools.map((t) => t.name).join(", ")})`,
      );
    }
    const problem = tool.check(await client.callTool({ name: tool.name, arguments: tool.arguments }));
    if (problem) throw new Error(`${tool.name} through the SDK client: ${problem}`);
    const sessionId = transport.sessionId;
    if (!sessionId) throw new Error(`${baseUrl} started no session (no Mcp-Session-Id)`);
    return { sessionId, protocolVersion: transport.protocolVersion ?? LATEST_PROTOCOL_VERSION };
  } finally {
    await client.close();
  }
}

/**
 * Check a stateless target the way a 2026-07-28 client meets it: the SDK v2 client pinned to that
 * revision discovers the server, lists tools (the benchmarked one must be there) and calls it once.
 */
export async function checkStatelessTarget(baseUrl, token, tool) {
  const transport = new StreamableHTTPClientTransportV2(new URL("/mcp", baseUrl), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new ClientV2(CLIENT_INFO, { versionNegotiation: { mode: { pin: MODERN_VERSION } } });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    if (!tools.some((listed) => listed.name === tool.name)) {
      throw new Error(
        `${baseUrl} does not list the tool ${tool.name} over ${MODERN_VERSION} (it lists ${tools.map((t) => t.name).join(", ")})`,
      );
    }
    const problem = tool.check(await client.callTool({ name: tool.name, arguments: tool.arguments }));
    if (problem) throw new Error(`${tool.name} through the SDK v2 client (${MODERN_VERSION}): ${problem}`);
  } finally {
    await client.close();
  }
}

function headersFor(token, session) {
  return {
    Accept: ACCEPT,
    "Content-Type": "application/json",
    ...(token && { Authorization: `Bearer ${token}` }),
    ...(session && { "Mcp-Session-Id": session.sessionId, "MCP-Protocol-Version": session.protocolVersion }),
  };
}

/** The one JSON-RPC reply to request `id`, or a description of what came instead. */
function replyTo(reply, id) {
  let messages;
  try {
    messages = rpcMessages(reply);
  } catch {
    return { problem: `HTTP ${reply.status}, unparsable body: ${reply.text.slice(0, 200)}` };
  }
  const message = messages.find((m) => m.id === id);
  if (reply.status !== 200 || !message) return { problem: `HTTP ${reply.status}: ${reply.text.slice(0, 200)}` };
  if (message.error) return { problem: `JSON-RPC error ${message.error.code}: ${message.error.message}` };
  return { result: message.result };
}

/**
 * A request function for one kind of measured request. Each returns undefined on success or a
 * short description of the failure (counted as an error).
 * @param {object} options
 * @param {string} options.url base URL
 * @param {string | undefined} options.token
 * @param {import("node:http").Agent} options.agent
 */
export function requests({ url, token, agent }) {
  const endpoint = `${url}/mcp`;
  let nextId = 1;
  /** POST one 2026-07-28 request; answers the reply and the request's id, for `replyTo`. */
  async function postModern(method, params, headerOverrides = {}) {
    const { body, parsed, headers } = modernMessage(nextId++, method, params);
    return [
      await post(endpoint, {
        agent,
        headers: { ...headers, ...headerOverrides, Authorization: `Bearer ${token}` },
        body,
      }),
      parsed.id,
    ];
  }
  return {
    /** tools/call on a session; `tool.check` judges the result. */
    async toolCall(session, tool) {
      const id = nextId++;
      const body = JSON.stringify({
        jsonrpc: "2.0",
        id,
        method: "tools/call",
        params: { name: tool.name, arguments: tool.arguments },
      });
      const reply = await post(endpoint, { agent, headers: headersFor(token, session), body });
      const { problem, result } = replyTo(reply, id);
      return problem ?? tool.check(result);
    },
    /** ping on a session: the session hop and SDK dispatch without a tool. */
    async ping(session) {
      const id = nextId++;
      const body = JSON.stringify({ jsonrpc: "2.0", id, method: "ping" });
      const { problem } = replyTo(await post(endpoint, { agent, headers: headersFor(token, session), body }), id);
      return problem;
    },
    /** A new session: initialize only (the cost of creating the session object). */
    async initialize() {
      const id = nextId++;
      const body = JSON.stringify({
        jsonrpc: "2.0",
        id,
        method: "initialize",
        params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO },
      });
      const reply = await post(endpoint, { agent, headers: headersFor(token, undefined), body });
      const { problem, result } = replyTo(reply, id);
      if (problem) return problem;
      return result?.protocolVersion
        ? undefined
        : `initialize result without protocolVersion: ${JSON.stringify(result).slice(0, 200)}`;
    },
    /** A 2026-07-28 tools/call: no session, the envelope and headers on every request. */
    async modernCall(tool) {
      const { problem, result } = replyTo(
        ...(await postModern("tools/call", { name: tool.name, arguments: tool.arguments })),
      );
      return problem ?? tool.check(result);
    },
    /** A 2026-07-28 `tools/list` or `server/discover`, checked by MODERN_LISTS. */
    async modernList(method) {
      const { problem, result } = replyTo(...(await postModern(method)));
      return problem ?? MODERN_LISTS[method](result);
    },
    /**
     * A 2026-07-28 request whose Mcp-Method header disagrees with its body: the SDK's validation
     * ladder answers 400 / -32020 before any server is built (MCP 2026-07-28 "Streamable HTTP"
     * §Server Validation), so this times everything in front of the per-request server.
     */
    async modernRefused() {
      const [reply] = await postModern("tools/list", {}, { "Mcp-Method": "prompts/list" });
      let code;
      try {
        code = rpcMessages(reply)[0]?.error?.code;
      } catch {
        code = undefined;
      }
      return reply.status === 400 && code === -32020
        ? undefined
        : `expected 400 / -32020 for a mismatched Mcp-Method, got HTTP ${reply.status}: ${reply.text.slice(0, 200)}`;
    },
    /** The floor: any 200 with a JSON body (it answers the same bytes to everything). */
    async fixed() {
      const body = JSON.stringify({
        jsonrpc: "2.0",
        id: nextId++,
        method: "tools/call",
        params: { name: "add", arguments: { a: 2, b: 3 } },
      });
      const reply = await post(endpoint, { agent, headers: headersFor(token, undefined), body });
      if (reply.status !== 200) return `HTTP ${reply.status}: ${reply.text.slice(0, 200)}`;
      try {
        JSON.parse(reply.text);
        return undefined;
      } catch {
        return `unparsable body: ${reply.text.slice(0, 200)}`;
      }
    },
    /**
     * tools/call without Mcp-Session-Id: the worker answers 400 before any session object is
     * reached, so this times the token check and the worker-side checks alone.
     */
    async sessionless(tool) {
      const id = nextId++;
      const body = JSON.stringify({
        jsonrpc: "2.0",
        id,
        method: "tools/call",
        params: { name: tool.name, arguments: tool.arguments },
      });
      const reply = await post(endpoint, { agent, headers: headersFor(token, undefined), body });
      return reply.status === 400
        ? undefined
        : `expected 400 without a session id, got HTTP ${reply.status}: ${reply.text.slice(0, 200)}`;
    },
  };
}
