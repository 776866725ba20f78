/**
 * One property per surface a client can reach: MCP in both eras and both transports, the OAuth
 * endpoints, the consent form, the well-known documents and the pages. Each generates a request,
 * sends it, and returns the invariants it broke (invariants.ts), plus the answer it expects where
 * the answer is certain (a body that is not JSON is -32700, an unknown session is -32001).
 */
import fc from "fast-check";
import { deepJsonText, HTML_MARKER, headerValue, hostileJson, hostileString, longString, oddId } from "./arbitraries";
import { ENVELOPE, MCP_HEADERS, MODERN_VERSION, SESSION_VERSION, type ServerCatalog } from "./catalog";
import { checkExchange, checkLogs, type EndpointKind, type Problem } from "./invariants";
import { type Exchange, exchange, type FuzzTarget, rpcMessagesOf } from "./target";
import { toolProperty } from "./tool-property";

export interface FuzzProperty<T = unknown> {
  name: string;
  /** What the property covers, one line (printed by `npm run fuzz`). */
  covers: string;
  arbitrary(catalog: ServerCatalog, target: FuzzTarget): fc.Arbitrary<T>;
  /** Send one generated case; the invariants it broke, or none. */
  check(target: FuzzTarget, value: T): Promise<Problem[]>;
}

/** Send, then check the answer and the log lines it caused. */
async function sendAndCheck(
  target: FuzzTarget,
  path: string,
  init: RequestInit,
  kind: EndpointKind,
  expect?: (ex: Exchange) => Problem[],
): Promise<Problem[]> {
  const sent = `${path}\n${typeof init.body === "string" ? init.body : ""}`;
  const ex = await exchange(target, path, init);
  return [
    ...checkExchange(ex, kind, target, sent),
    ...(ex.dropped ? [] : (expect?.(ex) ?? [])),
    ...(await checkLogs(target)),
  ];
}

/** The JSON-RPC error code of a single-message answer, if it has one. */
function rpcCode(ex: Exchange): number | undefined {
  try {
    const [message] = rpcMessagesOf(ex) as { error?: { code?: number } }[];
    return message?.error?.code;
  } catch {
    return undefined;
  }
}

function expectAnswer(status: number, code?: number) {
  return (ex: Exchange): Problem[] =>
    ex.status === status && (code === undefined || rpcCode(ex) === code)
      ? []
      : [
          {
            invariant: "expected-answer",
            detail: `${ex.method} ${ex.path.slice(0, 60)}: expected ${status}${code === undefined ? "" : ` with ${code}`}, got ${ex.status}: ${ex.text.slice(0, 200)}`,
          },
        ];
}

const MCP_METHODS = [
  "server/discover",
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "resources/subscribe",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "logging/setLevel",
  "initialize",
  "notifications/cancelled",
  "notifications/initialized",
  "subscriptions/listen",
];

/** Params shaped like each method's (so they get past the first check), with hostile members. */
function paramsArbitrary(catalog: ServerCatalog): fc.Arbitrary<Record<string, unknown>> {
  const toolName = fc.oneof(fc.constantFrom(...catalog.tools.map((tool) => tool.name)), hostileString);
  const uri = fc.oneof(
    fc.constantFrom(...catalog.resourceUris),
    hostileString,
    fc.constantFrom(...catalog.resourceUris).map((u) => u.replace(/\{[^}]*\}/g, "%00")),
  );
  return fc.oneof(
    fc.record(
      { name: toolName, arguments: fc.oneof(hostileJson, fc.dictionary(hostileString, hostileJson, { maxKeys: 3 })) },
      { requiredKeys: [] },
    ),
    fc.record({ uri }, { requiredKeys: [] }),
    fc.record(
      {
        name: fc.oneof(fc.constantFrom(...catalog.prompts.map((prompt) => prompt.name)), hostileString),
        arguments: fc.dictionary(hostileString, fc.oneof(hostileString, hostileJson), { maxKeys: 3 }),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        ref: fc.oneof(
          fc.record(
            { type: fc.constantFrom("ref/prompt", "ref/resource", "ref/other"), name: hostileString, uri },
            { requiredKeys: ["type"] },
          ),
          hostileJson,
        ),
        argument: fc.oneof(fc.record({ name: hostileString, value: hostileString }), hostileJson),
        context: hostileJson,
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        cursor: hostileString,
        level: fc.oneof(fc.constantFrom("debug", "error", "emergency"), hostileString),
        requestId: oddId,
        progressToken: oddId,
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(hostileString, hostileJson, { maxKeys: 4 }),
  );
}

/** The `_meta` envelope, intact or with members missing, replaced or added. */
const metaArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(ENVELOPE) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.subarray(Object.keys(ENVELOPE)),
        fc.dictionary(
          fc.oneof(
            fc.constantFrom(...Object.keys(ENVELOPE), "io.modelcontextprotocol/logLevel", "progressToken"),
            hostileString,
          ),
          hostileJson,
          { maxKeys: 3 },
        ),
      )
      .map(([dropped, replaced]) => ({
        ...Object.fromEntries(Object.entries(ENVELOPE).filter(([key]) => !dropped.includes(key))),
        ...replaced,
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        "io.modelcontextprotocol/protocolVersion": fc.oneof(
          fc.constantFrom("2025-11-25", "2024-11-05", "2026-07-29", "", "9999-99-99"),
          hostileString,
        ),
      })
      .map((version) => ({ ...ENVELOPE, ...version })),
  },
  { weight: 1, arbitrary: hostileJson },
);

/** Header sets a client may send on /mcp: the standard ones, mismatched, missing, or garbage. */
function mcpHeaders(token: string): fc.Arbitrary<Record<string, string>> {
  return fc
    .record(
      {
        accept: fc.oneof(
          fc.constant(MCP_HEADERS.Accept),
          fc.constantFrom("application/json", "text/event-stream", "*/*", ""),
          headerValue,
        ),
        contentType: fc.oneof(
          fc.constant("application/json"),
          fc.constantFrom(
            "application/json; charset=utf-16",
            "text/plain",
            "application/x-www-form-urlencoded",
            "APPLICATION/JSON",
          ),
          headerValue,
        ),
        version: fc.oneof(fc.constantFrom(MODERN_VERSION, SESSION_VERSION, "2025-03-26"), headerValue),
        method: headerValue,
        name: headerValue,
        origin: fc.oneof(
          fc.constantFrom("https://claude.ai", "https://evil.example", "null", "http://localhost:1"),
          headerValue,
        ),
        authorization: fc.oneof(
          fc.constantFrom(`Bearer ${token}x`, "Bearer ", "Basic Og==", `bearer ${token}`, `Bearer ${token} ${token}`),
          headerValue,
        ),
      },
      { requiredKeys: [] },
    )
    .map((picked) => ({
      Accept: picked.accept ?? MCP_HEADERS.Accept,
      "Content-Type": picked.contentType ?? "application/json",
      Authorization: picked.authorization ?? `Bearer ${token}`,
      ...(picked.version !== undefined && { "MCP-Protocol-Version": picked.version }),
      ...(picked.method !== undefined && { "Mcp-Method": picked.method }),
      ...(picked.name !== undefined && { "Mcp-Name": picked.name }),
      ...(picked.origin !== undefined && { Origin: picked.origin }),
    }));
}

/** A JSON-RPC message with hostile parts: method, id, params, and for the modern era the envelope. */
function messageArbitrary(catalog: ServerCatalog, withMeta: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record(
      {
        jsonrpc: fc.oneof(
          { weight: 9, arbitrary: fc.constant("2.0") },
          { weight: 1, arbitrary: fc.oneof(fc.constantFrom("1.0", "2", 2), hostileString) },
        ),
        id: oddId,
        method: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...MCP_METHODS) },
          { weight: 1, arbitrary: hostileString },
        ),
        params: paramsArbitrary(catalog),
        meta: metaArbitrary,
      },
      { requiredKeys: ["jsonrpc", "method"] },
    )
    .map(({ meta, params, ...message }) => ({
      ...message,
      ...(params !== undefined || withMeta
        ? { params: withMeta ? { ...params, _meta: meta ?? ENVELOPE } : params }
        : {}),
    }));
}

const mcpModern: FuzzProperty<{ message: Record<string, unknown>; headers: Record<string, string> }> = {
  name: "mcp-modern",
  covers: "POST /mcp, 2026-07-28 stateless: odd methods, ids, params, _meta envelopes and headers",
  arbitrary: (catalog, target) =>
    fc.record({ message: messageArbitrary(catalog, true), headers: mcpHeaders(target.token) }),
  check: (target, { message, headers }) =>
    sendAndCheck(target, "/mcp", { method: "POST", headers, body: JSON.stringify(message) }, "mcp"),
};

const mcpSession: FuzzProperty<{
  messages: Record<string, unknown>[];
  batch: boolean;
  headers: Record<string, string>;
  session: string;
}> = {
  name: "mcp-session",
  covers:
    "POST /mcp, 2025-era session: odd messages and batches on a live session, and unknown or malformed session ids",
  arbitrary: (catalog, target) =>
    fc.record({
      messages: fc.array(messageArbitrary(catalog, false), { minLength: 1, maxLength: 3 }),
      batch: fc.boolean(),
      headers: mcpHeaders(target.token),
      session: fc.oneof(
        { weight: 6, arbitrary: fc.constant("live") },
        { weight: 1, arbitrary: fc.constant("unknown") },
        { weight: 1, arbitrary: headerValue },
      ),
    }),
  check: (target, { messages, batch, headers, session }) => {
    const sessionId = session === "live" ? target.sessionId : session === "unknown" ? "0".repeat(63) + "1" : session;
    const body = JSON.stringify(batch ? messages : messages[0]);
    const standard =
      headers.Accept === MCP_HEADERS.Accept &&
      headers["Content-Type"] === "application/json" &&
      headers.Authorization === `Bearer ${target.token}` &&
      !headers.Origin;
    const wellFormed = messages.every(
      (m) =>
        m.jsonrpc === "2.0" &&
        typeof m.method === "string" &&
        m.method !== "" &&
        (!("id" in m) || typeof m.id === "string" || typeof m.id === "number"),
    );
    const versionOk =
      headers["MCP-Protocol-Version"] === undefined ||
      ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"].includes(headers["MCP-Protocol-Version"]);
    // An unknown session is "not found" (-32001) whatever the message, once the message itself passes the edge checks.
    const expect =
      session === "unknown" && standard && wellFormed && versionOk && !messages.some((m) => m.method === "initialize")
        ? expectAnswer(404, -32001)
        : undefined;
    return sendAndCheck(
      target,
      "/mcp",
      { method: "POST", headers: { ...headers, "Mcp-Session-Id": sessionId }, body },
      "mcp",
      expect,
    );
  },
};

/** Raw bodies: not JSON, truncated, nested past any parser's comfort, or past the size limit. */
const rawBody: fc.Arbitrary<{ text: string; json: boolean }> = fc.oneof(
  hostileString.map((text) => ({ text, json: isJson(text) })),
  fc
    .jsonValue()
    .map((value) => JSON.stringify(value))
    .map((text) => ({ text: text.slice(0, Math.max(0, text.length - 1)), json: false }))
    .filter(({ text }) => !isJson(text)),
  fc
    .constantFrom(64, 1_000, 100_000)
    .chain((depth) =>
      fc
        .constantFrom<"array" | "object">("array", "object")
        .map((kind) => ({ text: deepJsonText(depth, kind), json: true })),
    ),
  longString([1_048_577, 1_200_000]).map((text) => ({ text, json: false })),
  fc
    .constantFrom(
      "[]",
      "{}",
      "null",
      "1",
      '"x"',
      "[1,2]",
      '{"jsonrpc":"2.0"}',
      '{"jsonrpc":"2.0","id":1}',
      '{"jsonrpc":"2.0","method":""}',
    )
    .map((text) => ({ text, json: true })),
);

/** Percent-encoded for a URL; a lone surrogate (which no URL can carry) becomes U+FFFD first. */
function pathSegment(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"),
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const mcpRaw: FuzzProperty<{
  path: string;
  body: { text: string; json: boolean };
  contentType: string;
  withSession: boolean;
}> = {
  name: "mcp-raw-body",
  covers:
    "POST /mcp and /sse/message with bodies that are not JSON-RPC: garbage, truncated, deeply nested, over the size limit",
  arbitrary: () =>
    fc.record({
      path: fc.constantFrom("/mcp", "/sse/message?sessionId=" + "0".repeat(64)),
      body: rawBody,
      contentType: fc.oneof(
        { weight: 4, arbitrary: fc.constant("application/json") },
        { weight: 1, arbitrary: headerValue },
      ),
      withSession: fc.boolean(),
    }),
  check: (target, { path, body, contentType, withSession }) => {
    const headers: Record<string, string> = {
      Accept: MCP_HEADERS.Accept,
      "Content-Type": contentType,
      Authorization: `Bearer ${target.token}`,
    };
    if (withSession && path === "/mcp") headers["Mcp-Session-Id"] = target.sessionId;
    // Streamable HTTP: a JSON body that does not parse is -32700 with 400 (JSON-RPC 2.0 §5.1; message-guard.ts).
    const expect =
      path === "/mcp" && contentType === "application/json" && !body.json && body.text.length <= 1_048_576
        ? expectAnswer(400, -32700)
        : undefined;
    return sendAndCheck(target, path, { method: "POST", headers, body: body.text }, "mcp", expect);
  },
};

const mcpOtherMethods: FuzzProperty<{ method: string; path: string; headers: Record<string, string> }> = {
  name: "mcp-methods-paths",
  covers:
    "GET, DELETE and other methods on /mcp, /sse, /sse/message and paths below them, with odd headers and session ids",
  arbitrary: (_catalog, target) =>
    fc.record({
      method: fc.constantFrom("GET", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "POST"),
      path: fc.oneof(
        fc.constantFrom(
          "/mcp",
          "/sse",
          "/sse/message",
          "/mcp/",
          "/mcp/x",
          "/sse/",
          "/sse/message/",
          "/MCP",
          "/mcp?x=1",
          "/sse?sessionId=",
          "/sse/message?sessionId=zz",
        ),
        hostileString.map((segment) => `/mcp/${pathSegment(segment)}`),
        fc.oneof(hostileString, fc.constant("0".repeat(64))).map((id) => `/sse/message?sessionId=${pathSegment(id)}`),
      ),
      headers: fc
        .tuple(mcpHeaders(target.token), fc.oneof(fc.constant(undefined), fc.constant("live"), headerValue))
        .map(([headers, session]) => ({
          ...headers,
          ...(session !== undefined && { "Mcp-Session-Id": session === "live" ? target.sessionId : session }),
        })),
    }),
  check: (target, { method, path, headers }) => {
    // A DELETE of the live session would end it for the properties that follow: name another instead.
    const safeHeaders =
      method === "DELETE" && headers["Mcp-Session-Id"] === target.sessionId
        ? { ...headers, "Mcp-Session-Id": "f".repeat(64) }
        : headers;
    return sendAndCheck(
      target,
      path,
      {
        method,
        headers: safeHeaders,
        ...(method === "POST" || method === "PUT" || method === "PATCH" ? { body: "{}" } : {}),
      },
      "mcp",
    );
  },
};

/** RFC 7591 client metadata: each member valid, hostile, or of the wrong type; sometimes not an object. */
const registrationArbitrary = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record(
        {
          client_name: fc.oneof(fc.constant(`Fuzz ${HTML_MARKER}`), hostileString, hostileJson),
          redirect_uris: fc.oneof(
            fc.constant(["http://127.0.0.1:43111/callback"]),
            fc.array(
              fc.oneof(
                fc.constantFrom(
                  "https://app.example.com/cb",
                  "http://evil.example/cb",
                  "javascript:alert(1)",
                  "http://[::1]:1/cb",
                  "https://a/#frag",
                  "custom.scheme:/cb",
                ),
                hostileString,
              ),
              { maxLength: 4 },
            ),
            hostileJson,
          ),
          token_endpoint_auth_method: fc.oneof(
            fc.constantFrom("none", "client_secret_basic", "client_secret_post", "private_key_jwt"),
            hostileJson,
          ),
          grant_types: fc.oneof(
            fc.constant(["authorization_code", "refresh_token"]),
            fc.array(hostileString, { maxLength: 3 }),
            hostileJson,
          ),
          response_types: fc.oneof(fc.constant(["code"]), fc.array(hostileString, { maxLength: 3 }), hostileJson),
          scope: fc.oneof(hostileString, hostileJson),
          client_uri: fc.oneof(fc.constantFrom("https://example.com", "javascript:alert(1)"), hostileString),
          logo_uri: fc.oneof(
            fc.constantFrom("https://example.com/logo.png", "data:image/svg+xml,<svg/>"),
            hostileString,
          ),
          contacts: fc.oneof(fc.array(hostileString, { maxLength: 3 }), hostileJson),
          jwks_uri: hostileString,
          software_statement: hostileString,
        },
        { requiredKeys: [] },
      )
      .map((metadata) => JSON.stringify(metadata)),
  },
  { weight: 1, arbitrary: rawBody.map((body) => body.text) },
);

const oauthRegister: FuzzProperty<{ body: string; contentType: string }> = {
  name: "oauth-register",
  covers: "POST /register (RFC 7591) with hostile client metadata and bodies",
  arbitrary: () =>
    fc.record({
      body: registrationArbitrary,
      contentType: fc.oneof(
        { weight: 5, arbitrary: fc.constant("application/json") },
        { weight: 1, arbitrary: headerValue },
      ),
    }),
  check: (target, { body, contentType }) =>
    sendAndCheck(
      target,
      "/register",
      { method: "POST", headers: { "Content-Type": contentType, Accept: "application/json" }, body },
      "oauth-register",
    ),
};

const tokenFields = (target: FuzzTarget) =>
  fc.record(
    {
      grant_type: fc.oneof(
        fc.constantFrom(
          "authorization_code",
          "refresh_token",
          "client_credentials",
          "password",
          "urn:ietf:params:oauth:grant-type:device_code",
          "",
        ),
        hostileString,
      ),
      code: fc.oneof(fc.constantFrom("a:b:c", "::", "x".repeat(300)), hostileString),
      refresh_token: fc.oneof(fc.constantFrom("a:b:c", "::", `${target.client.clientId}:x:y`), hostileString),
      client_id: fc.oneof(fc.constant(target.client.clientId), hostileString),
      client_secret: hostileString,
      redirect_uri: fc.oneof(fc.constant(target.client.redirectUri), hostileString),
      code_verifier: fc.oneof(fc.constant("a".repeat(43)), hostileString),
      resource: fc.oneof(fc.constantFrom(target.origin, `${target.origin}/mcp`, "https://evil.example"), hostileString),
      scope: hostileString,
    },
    { requiredKeys: [] },
  );

const oauthToken: FuzzProperty<{
  fields: Record<string, string>;
  authorization?: string;
  encoding: "form" | "json" | "raw";
  raw: string;
}> = {
  name: "oauth-token",
  covers: "POST /token with hostile grants, codes, refresh tokens, client credentials and body encodings",
  arbitrary: (_catalog, target) =>
    fc.record(
      {
        fields: tokenFields(target) as fc.Arbitrary<Record<string, string>>,
        authorization: fc.oneof(
          fc.constantFrom("Basic Og==", "Basic !!!", "Basic " + btoa("a:b"), "Basic " + btoa(":"), "Bearer x", "Basic"),
          headerValue,
        ),
        encoding: fc.constantFrom<"form" | "json" | "raw">("form", "form", "form", "json", "raw"),
        raw: hostileString,
      },
      { requiredKeys: ["fields", "encoding", "raw"] },
    ),
  check: (target, { fields, authorization, encoding, raw }) => {
    const body =
      encoding === "form" ? new URLSearchParams(fields).toString() : encoding === "json" ? JSON.stringify(fields) : raw;
    const contentType = encoding === "json" ? "application/json" : "application/x-www-form-urlencoded";
    return sendAndCheck(
      target,
      "/token",
      {
        method: "POST",
        headers: { "Content-Type": contentType, ...(authorization !== undefined && { Authorization: authorization }) },
        body,
      },
      "oauth-token",
    );
  },
};

function authorizeQuery(target: FuzzTarget) {
  return fc.record(
    {
      response_type: fc.oneof(fc.constant("code"), hostileString),
      client_id: fc.oneof(
        fc.constant(target.client.clientId),
        fc.constantFrom("https://example.com/client.json", "http://127.0.0.1:1/cimd.json"),
        hostileString,
      ),
      redirect_uri: fc.oneof(
        fc.constant(target.client.redirectUri),
        fc.constantFrom("https://evil.example/cb", "javascript:alert(1)"),
        hostileString,
      ),
      code_challenge: fc.oneof(fc.constant("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), hostileString),
      code_challenge_method: fc.oneof(fc.constantFrom("S256", "plain"), hostileString),
      state: fc.oneof(fc.constant(HTML_MARKER), hostileString),
      scope: fc.oneof(fc.constant(`session:read ${HTML_MARKER}`), hostileString),
      resource: fc.oneof(fc.constantFrom(target.origin, `${target.origin}/mcp`, "https://evil.example"), hostileString),
      prompt: fc.oneof(fc.constantFrom("consent", "none", "login"), hostileString),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;
}

const authorizeGet: FuzzProperty<Record<string, string>> = {
  name: "authorize-get",
  covers: "GET /authorize with hostile authorization requests (the consent page and its error pages)",
  arbitrary: (_catalog, target) => authorizeQuery(target),
  check: (target, query) =>
    sendAndCheck(target, `/authorize?${new URLSearchParams(query)}`, { redirect: "manual" }, "page"),
};

const consentPost: FuzzProperty<{ fields: [string, string][]; cookie: "real" | "none" | string; ip: string }> = {
  name: "consent-post",
  covers:
    "POST /authorize (the consent form) with hostile handles, decisions, scopes, cookies and methods; never the right passphrase",
  arbitrary: () =>
    fc.record({
      fields: fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom("handle", "decision", "passphrase", "scope", "method", "remember"), hostileString),
          fc.oneof(
            fc.constantFrom("approve", "deny", "github", "oidc", "session:read", "real-handle", HTML_MARKER),
            hostileString,
          ),
        ),
        { maxLength: 6 },
      ),
      cookie: fc.oneof(fc.constant("real"), fc.constant("none"), headerValue),
      ip: fc.ipV4(),
    }),
  check: async (target, { fields, cookie, ip }) => {
    // A real consent page first, so the handle and cookie can be the real ones or not.
    const query = new URLSearchParams({
      response_type: "code",
      client_id: target.client.clientId,
      redirect_uri: target.client.redirectUri,
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      state: "s",
    });
    const path = `/authorize?${query}`;
    const page = await target.fetch(path);
    const html = await page.text();
    const handle = /name="handle" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const realCookie = page.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const body = new URLSearchParams(fields.map(([name, value]) => [name, value === "real-handle" ? handle : value]));
    const headers: Record<string, string> = {
      "Content-Type": "application/x-www-form-urlencoded",
      "CF-Connecting-IP": ip,
    };
    if (cookie === "real") headers.Cookie = realCookie;
    else if (cookie !== "none") headers.Cookie = cookie;
    return sendAndCheck(target, path, { method: "POST", headers, body: body.toString(), redirect: "manual" }, "page");
  },
};

/** Every path that answers without a token, with variants: trailing slashes, suffixes, case, encodings. */
const PUBLIC_PATHS = [
  "/",
  "/health",
  "/.well-known/oauth-authorization-server",
  "/.well-known/oauth-protected-resource",
  "/.well-known/oauth-protected-resource/mcp",
  "/.well-known/oauth-protected-resource/sse",
  "/.well-known/oauth-authorization-server/mcp",
  "/.well-known/openid-configuration",
  "/callback/github",
  "/callback/oidc",
  "/register",
  "/token",
  "/authorize",
  "/favicon.ico",
];

const publicPaths: FuzzProperty<{
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}> = {
  name: "public-paths",
  covers:
    "every public path (/, /health, well-known metadata, sign-in callbacks, unknown paths) with odd methods, suffixes, queries and headers",
  arbitrary: () =>
    fc.record({
      method: fc.constantFrom("GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"),
      path: fc.oneof(
        fc.constantFrom(...PUBLIC_PATHS),
        fc
          .tuple(
            fc.constantFrom(...PUBLIC_PATHS),
            fc.oneof(
              fc.constantFrom("/", "//", "/..", "/%2e%2e", "%00", "/x", ".json", "?"),
              hostileString.map(pathSegment),
            ),
          )
          .map(([path, suffix]) => `${path}${suffix}`),
        fc
          .array(hostileString.map(pathSegment), { minLength: 1, maxLength: 4 })
          .map((segments) => `/${segments.join("/")}`),
      ),
      query: fc.dictionary(
        fc.oneof(fc.constantFrom("code", "state", "error", "error_description", "iss"), hostileString),
        fc.oneof(fc.constant(HTML_MARKER), hostileString),
        { maxKeys: 4 },
      ),
      headers: fc.record(
        { Accept: headerValue, Origin: headerValue, "Content-Type": headerValue, Cookie: headerValue },
        { requiredKeys: [] },
      ) as fc.Arbitrary<Record<string, string>>,
    }),
  check: (target, { method, path, query, headers }) => {
    const search = new URLSearchParams(query).toString();
    const full = search ? `${path}${path.includes("?") ? "&" : "?"}${search}` : path;
    const bare = path.split("?")[0] ?? "";
    const kind: EndpointKind =
      bare === "/" || bare.startsWith("/callback/") || bare === "/authorize"
        ? "page"
        : bare === "/token"
          ? "oauth-token"
          : bare === "/register"
            ? "oauth-register"
            : "json";
    const expect = method === "GET" && full === "/health" ? expectAnswer(200) : undefined;
    return sendAndCheck(
      target,
      full,
      {
        method,
        headers,
        redirect: "manual",
        ...(method === "POST" || method === "PUT" || method === "PATCH" ? { body: "x" } : {}),
      },
      kind,
      expect,
    );
  },
};

export const PROPERTIES: FuzzProperty<any>[] = [
  mcpModern,
  mcpSession,
  mcpRaw,
  mcpOtherMethods,
  oauthRegister,
  oauthToken,
  authorizeGet,
  consentPost,
  publicPaths,
  toolProperty,
];
