/**
 * The connector under examination: where its endpoints are, and one way to call it. Every request
 * has a timeout and never follows redirects (a redirect on an MCP or OAuth URL is itself a finding).
 */

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Loopback as MCP clients see it: localhost, 127.0.0.0/8, [::1]. */
export function isLoopbackHost(hostname) {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return LOOPBACK_NAMES.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Read what the operator typed: an origin (`https://host`), or the endpoint itself (`…/mcp`, `…/sse`).
 * Returns undefined for anything that is not an http(s) URL.
 */
export function parseTarget(input) {
  let url;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const path = url.pathname.replace(/\/+$/, "");
  const endpointPath = path === "" ? "/mcp" : path;
  const origin = url.origin;
  const endpoint = `${origin}${endpointPath}`;
  // The other transport on the same server: /mcp ↔ /sse when the endpoint is one of them.
  const base = endpointPath.replace(/\/(mcp|sse)$/, "");
  return {
    origin,
    endpoint,
    mcp: endpointPath.endsWith("/sse") ? `${origin}${base}/mcp` : endpoint,
    sse: endpointPath.endsWith("/sse") ? endpoint : `${origin}${base}/sse`,
    loopback: isLoopbackHost(url.hostname),
    https: url.protocol === "https:",
  };
}

const BODY_LIMIT = 256 * 1024;

/**
 * One HTTP exchange, read whole (up to 256 KiB): `{ status, headers, text, json, error }`. A network
 * failure is a value (`status: 0`, `error` naming the cause), never an exception, so a check can
 * say what happened.
 */
export async function call(url, init = {}, timeoutMs = 10_000) {
  const started = performance.now();
  try {
    const response = await fetch(url, { redirect: "manual", ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await readLimited(response);
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json, ms: performance.now() - started };
  } catch (error) {
    return {
      status: 0,
      headers: new Headers(),
      text: "",
      json: undefined,
      ms: performance.now() - started,
      error: describeNetworkError(error, timeoutMs),
    };
  }
}

async function readLimited(response) {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.length > BODY_LIMIT) {
      await reader.cancel();
      break;
    }
  }
  return text;
}

/** undici hides the reason under `cause`: a TLS or DNS failure is what the operator needs to see. */
export function describeNetworkError(error, timeoutMs) {
  if (error?.name === "TimeoutError" || error?.name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
  const cause = error?.cause;
  const code = cause?.code ?? error?.code;
  const message = cause?.message ?? error?.message ?? String(error);
  return code ? `${code}: ${message}` : message;
}

/** A JSON-RPC POST as an MCP client sends it. */
export function rpcInit(message, headers = {}) {
  return {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(message),
  };
}

export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "outpost-doctor", version: "1" } },
};

export function discoverMessage(version) {
  return {
    jsonrpc: "2.0",
    id: 1,
    method: "server/discover",
    params: {
      _meta: {
        "io.modelcontextprotocol/protocolVersion": version,
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": { name: "outpost-doctor", version: "1" },
      },
    },
  };
}

export function discoverHeaders(version) {
  return { "MCP-Protocol-Version": version, "Mcp-Method": "server/discover" };
}
