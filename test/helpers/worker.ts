/**
 * Drive the real worker in-process (inside workerd): the OAuth dance exactly as a client and a
 * person at the consent page perform it, and JSON-RPC over the real MCP endpoints.
 */
import { exports } from "cloudflare:workers";
import { toolkitScopes } from "../../src/mcp/installed-toolkits";
import { toolkits } from "../../src/toolkits";
import { INITIALIZE, MCP_HEADERS, rpcMessages } from "./mcp-wire";
import { publicClientRegistration } from "./registration";

export { INITIALIZE, MCP_HEADERS, rpcMessages };

export const ORIGIN = "http://localhost";
export const PASSPHRASE = "correct horse battery staple";
export const REDIRECT_URI = "http://127.0.0.1:43111/callback";
/** Every scope the registered toolkits declare: what a full consent grants. */
export const ALL_SCOPES = Object.keys(toolkitScopes(toolkits));

/** Send a request to the worker's default export. */
export function send(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, ORIGIN), init));
}

export interface Client {
  clientId: string;
  redirectUri: string;
}

/** Dynamic Client Registration (RFC 7591) of a public client, as Claude and Claude Code do it. */
export async function registerClient(name = "Test Client", redirectUri = REDIRECT_URI): Promise<Client> {
  const response = await send("/register", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(publicClientRegistration(name, redirectUri)),
  });
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { client_id: string };
  return { clientId: body.client_id, redirectUri };
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(new Uint8Array(digest)) };
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function authorizeUrl(
  client: Client,
  challenge: string,
  options: { scope?: string; state?: string; resource?: string } = {},
): string {
  const params = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: options.state ?? "state-123",
  });
  if (options.scope !== undefined) params.set("scope", options.scope);
  if (options.resource !== undefined) params.set("resource", options.resource);
  return `/authorize?${params}`;
}

export interface ConsentForm {
  url: string;
  handle: string;
  cookie: string;
  html: string;
  status: number;
}

/** GET the consent page and pick out what a browser would keep: the form's handle and the cookie. */
export async function openConsent(url: string, headers: HeadersInit = {}): Promise<ConsentForm> {
  const response = await send(url, { headers });
  const html = await response.text();
  const handle = /name="handle" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { url, handle, cookie, html, status: response.status };
}

/**
 * The form a re-shown consent page carries (wrong passphrase, nothing ticked, locked): every POST
 * spends its handle, so the page comes with a fresh handle and binding cookie. Cookies the response
 * set or cleared are applied to the form's cookie header, as a browser's cookie jar would.
 */
export async function nextForm(form: ConsentForm, response: Response): Promise<ConsentForm> {
  const html = await response.text();
  const handle = /name="handle" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return {
    ...form,
    handle,
    html,
    status: response.status,
    cookie: applyCookies(form.cookie, response.headers.getSetCookie()),
  };
}

/** A Cookie header after the given Set-Cookie values: set, replaced, or removed by Max-Age=0. */
export function applyCookies(cookie: string, setCookies: string[]): string {
  const jar = new Map(
    cookie
      .split(";")
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair): [string, string] => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
  for (const setCookie of setCookies) {
    const [pair = "", ...attributes] = setCookie.split(";");
    const name = pair.slice(0, pair.indexOf("=")).trim();
    if (attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute))) jar.delete(name);
    else jar.set(name, pair.slice(pair.indexOf("=") + 1).trim());
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

/** Submit the consent form as the browser would. */
export function submitConsent(
  form: ConsentForm,
  fields: { decision?: "approve" | "deny"; passphrase?: string; scopes?: string[]; ip?: string } = {},
): Promise<Response> {
  const body = new URLSearchParams({
    handle: form.handle,
    decision: fields.decision ?? "approve",
    passphrase: fields.passphrase ?? PASSPHRASE,
  });
  for (const scope of fields.scopes ?? ALL_SCOPES) body.append("scope", scope);
  return send(form.url, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: form.cookie,
      ...(fields.ip ? { "CF-Connecting-IP": fields.ip } : {}),
    },
    body,
    redirect: "manual",
  });
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  scope?: string;
  expires_in?: number;
}

export async function tokenRequest(fields: Record<string, string>): Promise<Response> {
  return send("/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

/** The whole flow: register, consent with the passphrase, exchange the code. */
export async function signIn(
  options: { scopes?: string[]; client?: Client; requestScope?: string } = {},
): Promise<{ client: Client; tokens: Tokens }> {
  const client = options.client ?? (await registerClient());
  const { verifier, challenge } = await pkcePair();
  const form = await openConsent(
    authorizeUrl(client, challenge, { scope: options.requestScope ?? [...ALL_SCOPES, "offline_access"].join(" ") }),
  );
  const approved = await submitConsent(form, { scopes: options.scopes });
  if (approved.status !== 302) throw new Error(`consent failed: ${approved.status} ${await approved.text()}`);
  const code = new URL(approved.headers.get("Location") ?? "").searchParams.get("code");
  if (!code) throw new Error(`no code in ${approved.headers.get("Location")}`);
  const response = await tokenRequest({
    grant_type: "authorization_code",
    code,
    redirect_uri: client.redirectUri,
    client_id: client.clientId,
    code_verifier: verifier,
  });
  if (response.status !== 200) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  return { client, tokens: (await response.json()) as Tokens };
}

/** POST JSON-RPC to /mcp; returns the raw response. */
export function postMcp(token: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return send("/mcp", {
    method: "POST",
    headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Start an MCP session over Streamable HTTP; returns its id. */
export async function openSession(token: string): Promise<string> {
  const response = await postMcp(token, INITIALIZE);
  if (response.status !== 200) throw new Error(`initialize failed: ${response.status} ${await response.text()}`);
  const sessionId = response.headers.get("mcp-session-id");
  await response.text();
  if (!sessionId) throw new Error("initialize returned no session id");
  await postMcp(token, { jsonrpc: "2.0", method: "notifications/initialized" }, { "Mcp-Session-Id": sessionId }).then(
    (r) => r.text(),
  );
  return sessionId;
}

let nextId = 1;

/** One JSON-RPC request in a session; returns the response message. */
export async function rpc(
  token: string,
  sessionId: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, any>> {
  const id = nextId++;
  const response = await postMcp(
    token,
    { jsonrpc: "2.0", id, method, params },
    { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" },
  );
  const messages = await rpcMessages(response);
  const reply = messages.find((message) => message.id === id);
  if (!reply) throw new Error(`no reply to ${method}: ${response.status} ${JSON.stringify(messages)}`);
  return reply;
}

export function callTool(token: string, sessionId: string, name: string, args: Record<string, unknown> = {}) {
  return rpc(token, sessionId, "tools/call", { name, arguments: args });
}

/** The text blocks of a tools/call reply, joined: what a host that ignores structured content shows. */
export function textOf(reply: Record<string, any>): string {
  return reply.result.content.map((block: { text: string }) => block.text).join("\n");
}

// ---- Authorization-side helpers (test/auth) ----

/** A consent form as the approving browser sees it, plus the PKCE verifier the client keeps. */
export interface PendingAuthorization {
  form: ConsentForm;
  verifier: string;
}

/** Start an authorization for `client` and open its consent page. `extra` adds query parameters (e.g. prompt). */
export async function beginAuthorization(
  client: Client,
  options: { scope?: string; state?: string; resource?: string; extra?: Record<string, string> } = {},
): Promise<PendingAuthorization> {
  const { verifier, challenge } = await pkcePair();
  const url = new URL(
    authorizeUrl(client, challenge, {
      scope: options.scope ?? [...ALL_SCOPES, "offline_access"].join(" "),
      state: options.state,
      resource: options.resource,
    }),
    ORIGIN,
  );
  for (const [name, value] of Object.entries(options.extra ?? {})) url.searchParams.set(name, value);
  return { form: await openConsent(`${url.pathname}${url.search}`), verifier };
}

/** The `code` in an approved consent's redirect; throws with the response when there is none. */
export async function codeFrom(approved: Response): Promise<string> {
  const code =
    approved.status === 302 ? new URL(approved.headers.get("Location") ?? "", ORIGIN).searchParams.get("code") : null;
  if (!code)
    throw new Error(`no code: ${approved.status} ${approved.headers.get("Location")} ${await approved.text()}`);
  return code;
}

/** Exchange an authorization code at the token endpoint; `extra` adds form fields (e.g. resource). */
export function exchangeCode(
  client: Client,
  code: string,
  verifier: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return tokenRequest({
    grant_type: "authorization_code",
    code,
    redirect_uri: client.redirectUri,
    client_id: client.clientId,
    code_verifier: verifier,
    ...extra,
  });
}

/** A refresh_token grant for a public client. */
export function refreshTokens(
  client: Client,
  refreshToken: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return tokenRequest({
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    client_id: client.clientId,
    ...extra,
  });
}

/** POST an arbitrary consent form body (for fields submitConsent() always fills in). */
export function postConsentForm(
  form: ConsentForm,
  fields: [string, string][],
  headers: Record<string, string> = {},
): Promise<Response> {
  return send(form.url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: form.cookie, ...headers },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}
