import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { MODERN_VERSION, PLAYGROUND_ORIGIN } from "../claude.mjs";
import { fail, pass, warn } from "../report.mjs";
import { call, INITIALIZE, rpcInit } from "../target.mjs";

const CLIENT_INFO = { name: "outpost-doctor", version: "1.0.0" };

function authorized(ctx, extra = {}) {
  return { headers: { Authorization: `Bearer ${ctx.token}`, ...extra } };
}

/** An SDK error as one line: its code and message, never the request (which holds the token). */
function describe(error) {
  const code = error?.code ?? error?.status;
  return `${code !== undefined ? `${code} ` : ""}${String(error?.message ?? error).split("\n")[0]}`.slice(0, 300);
}

function unauthorizedFix(error) {
  return /401|unauthori[sz]ed|invalid_token/i.test(String(error?.message ?? error) + String(error?.code ?? ""))
    ? "The token was refused: get a fresh one (tokens last an hour) for this exact origin, and pass it with --token or OUTPOST_TOKEN."
    : undefined;
}

/**
 * The 2025 era as Claude's connector and Claude Code speak it: initialize (a session id back),
 * tools/list on the session, then DELETE to end it. SDK v1, the client most connectors are tested with.
 */
async function legacyEra(ctx) {
  const transport = new StreamableHTTPClientTransport(new URL(ctx.target.mcp), { requestInit: authorized(ctx) });
  const client = new Client(CLIENT_INFO);
  const title = "2025 era: initialize, tools/list, DELETE";
  try {
    await client.connect(transport, { timeout: ctx.timeoutMs });
    const sessionId = transport.sessionId;
    const version = client.getServerVersion();
    const { tools } = await client.listTools(undefined, { timeout: ctx.timeoutMs });
    ctx.legacyTools = tools;
    ctx.declaredCap ??= await declaredResultCap(client, ctx);
    let ended = "no session to end";
    if (sessionId) {
      await transport.terminateSession();
      ended = "session ended with DELETE";
    }
    await client.close();
    if (!sessionId) {
      return warn(
        "era.2025",
        title,
        `served without a session id (${tools.length} tools)`,
        "Nothing to do for a stateless server; Claude then sends no Mcp-Session-Id.",
      );
    }
    return pass(
      "era.2025",
      title,
      `${version?.name ?? "server"} ${version?.version ?? ""}, session, ${tools.length} tools, ${ended}`.replace(
        /\s+,/g,
        ",",
      ),
    );
  } catch (error) {
    await client.close().catch(() => {});
    return fail(
      "era.2025",
      title,
      describe(error),
      unauthorizedFix(error) ??
        "Serve the 2025-11-25 initialize handshake on /mcp (Outpost: OutpostSession through McpAgent); Claude's connector still opens with it.",
    );
  }
}

/** MCP 2026-07-28: server/discover and tools/list, stateless, no session id anywhere (SDK v2 pinned to it). */
async function modernEra(ctx) {
  const transport = new ModernTransport(new URL(ctx.target.mcp), { requestInit: authorized(ctx) });
  const client = new ModernClient(CLIENT_INFO, { versionNegotiation: { mode: { pin: MODERN_VERSION } } });
  const title = `${MODERN_VERSION} era: server/discover, tools/list, no session`;
  try {
    await client.connect(transport, { timeout: ctx.timeoutMs });
    const negotiated = client.getNegotiatedProtocolVersion();
    const { tools } = await client.listTools(undefined, { timeout: ctx.timeoutMs });
    ctx.modernTools = tools;
    ctx.declaredCap = (await declaredResultCap(client, ctx)) ?? ctx.declaredCap;
    ctx.modernEra = true;
    await client.close().catch(() => {});
    if (negotiated !== MODERN_VERSION)
      return fail(
        "era.2026",
        title,
        `negotiated ${negotiated}`,
        `Answer server/discover with ${MODERN_VERSION} among supportedVersions.`,
      );
    if (transport.sessionId)
      return fail(
        "era.2026",
        title,
        `a session id came back (${transport.sessionId.slice(0, 6)}…)`,
        `Serve ${MODERN_VERSION} requests statelessly: no Mcp-Session-Id.`,
      );
    return pass("era.2026", title, `${tools.length} tools, stateless`);
  } catch (error) {
    await client.close().catch(() => {});
    return fail(
      "era.2026",
      title,
      describe(error),
      unauthorizedFix(error) ??
        `Serve ${MODERN_VERSION} on /mcp (Outpost: src/mcp/modern/); Claude is rolling it out and opens with server/discover.`,
    );
  }
}

/**
 * The cap on tool results the server declares: Outpost publishes `toolOutputMaxTokens` in
 * `config://connector/limits` (readable with any grant). Undefined for a server that says nothing.
 */
async function declaredResultCap(client, ctx) {
  try {
    const read = await client.readResource({ uri: "config://connector/limits" }, { timeout: ctx.timeoutMs });
    const declared = JSON.parse(read.contents?.[0]?.text ?? "{}").toolOutputMaxTokens;
    return typeof declared === "number" ? declared : undefined;
  } catch {
    return undefined;
  }
}

/** The Playground sends its Origin on every authenticated request; the Origin guard must let it through. */
async function playgroundWithToken(ctx) {
  const answer = await call(
    ctx.target.mcp,
    rpcInit(INITIALIZE, { Authorization: `Bearer ${ctx.token}`, Origin: PLAYGROUND_ORIGIN }),
    ctx.timeoutMs,
  );
  const title = "AI Playground origin with a token";
  const sessionId = answer.headers.get("Mcp-Session-Id");
  if (sessionId) {
    await call(
      ctx.target.mcp,
      {
        method: "DELETE",
        headers: { Authorization: `Bearer ${ctx.token}`, "Mcp-Session-Id": sessionId, Origin: PLAYGROUND_ORIGIN },
      },
      ctx.timeoutMs,
    );
  }
  if (answer.status === 200) {
    const exposed = (answer.headers.get("Access-Control-Expose-Headers") ?? "").toLowerCase();
    if (sessionId && !exposed.includes("mcp-session-id") && !exposed.includes("*")) {
      return warn(
        "cors.token",
        title,
        "Mcp-Session-Id is not exposed to the page",
        "Add Mcp-Session-Id to Access-Control-Expose-Headers, or the page cannot continue its session.",
      );
    }
    return pass("cors.token", title, "initialize answered 200");
  }
  return fail(
    "cors.token",
    title,
    `initialize with Origin ${PLAYGROUND_ORIGIN} answered ${answer.status || answer.error}`,
    `Allow the origin ${PLAYGROUND_ORIGIN} on /mcp (Outpost: ALLOWED_ORIGINS).`,
  );
}

export async function checkEras(ctx) {
  return [await legacyEra(ctx), await modernEra(ctx), await playgroundWithToken(ctx)];
}
