/**
 * The MCP TypeScript SDK as a client: v1 (1.32, what most clients embed) over Streamable HTTP and
 * legacy SSE, and v2 (`@modelcontextprotocol/client` 2.4) in each of its version-negotiation modes:
 * `legacy` (the plain 2025 `initialize`), `auto` (probes with `server/discover` first and falls back
 * only on a legacy answer: on `/mcp` it must now settle on 2026-07-28, on `/sse` it stays 2025) and
 * pinned to 2026-07-28 (no fallback at all). Each signs in through the SDK's own OAuth (discovery, DCR,
 * PKCE S256) with the consent page approved over HTTP.
 */
import { randomBytes } from "node:crypto";
import {
  Client as ClientV2,
  type OAuthClientProvider as OAuthClientProviderV2,
  SSEClientTransport as SSEClientTransportV2,
  StreamableHTTPClientTransport as StreamableHTTPClientTransportV2,
  UnauthorizedError as UnauthorizedErrorV2,
  type VersionNegotiationOptions,
} from "@modelcontextprotocol/client";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { tokenRequest } from "../e2e/oauth";
import { CallbackCapturingProvider } from "./callback-provider";
import { v1Api, v2Api } from "./client-api";
import { type Era, exercise, type McpApi, sessionInfo } from "./exercise";
import { assert, describeError, FEATURES, type Recorder } from "./results";

export type Transport = "streamable-http" | "sse";
export type Generation = "v1" | "v2 legacy" | "v2 auto" | "v2 modern";

export const MODERN_VERSION = "2026-07-28";
/** How each v2 generation negotiates (ClientOptions.versionNegotiation). */
const NEGOTIATION: Record<Exclude<Generation, "v1">, VersionNegotiationOptions> = {
  "v2 legacy": { mode: "legacy" },
  "v2 auto": { mode: "auto" },
  "v2 modern": { mode: { pin: MODERN_VERSION } },
};

interface Connection {
  api: McpApi;
  /** The revision the connection negotiated (v2 only; v1 does not say). */
  version?: string;
  close(): Promise<void>;
}

interface AuthTransport {
  finishAuth(code: string): Promise<void>;
  close(): Promise<void>;
}

interface AuthTransportV2 {
  finishAuth(callback: URLSearchParams): Promise<void>;
  close(): Promise<void>;
}

function endpoint(base: string, transport: Transport): URL {
  return new URL(transport === "sse" ? "/sse" : "/mcp", base);
}

/** The era a generation must end up in over a transport: only v2 auto and pinned reach 2026-07-28, and only on /mcp. */
export function expectedEra(generation: Generation, transport: Transport): Era {
  return (generation === "v2 auto" || generation === "v2 modern") && transport === "streamable-http"
    ? "modern"
    : "legacy";
}

/**
 * One connect attempt. With `allowConsent`, the SDK's documented pattern: connect → UnauthorizedError
 * (the provider approved the consent page and holds the code) → finishAuth(code) → connect again.
 */
async function connect(
  generation: Generation,
  transport: Transport,
  base: string,
  provider: CallbackCapturingProvider,
): Promise<Connection> {
  const info = { name: `outpost-interop-${generation.replace(" ", "-")}`, version: "1.0.0" };
  const attempt = async (): Promise<{
    connection?: Connection;
    pending?: AuthTransport;
    pendingV2?: AuthTransportV2;
  }> => {
    if (generation === "v1") {
      const http =
        transport === "sse"
          ? new SSEClientTransport(endpoint(base, transport), { authProvider: provider })
          : new StreamableHTTPClientTransport(endpoint(base, transport), { authProvider: provider });
      const client = new Client(info);
      const api = v1Api(client);
      try {
        await client.connect(http);
      } catch (error) {
        if (error instanceof UnauthorizedError) return { pending: http };
        throw error;
      }
      return { connection: { api, close: () => client.close() } };
    }
    // The v2 provider interface is the v1 one plus optional members; the headless provider fits both.
    const authProvider = provider as unknown as OAuthClientProviderV2;
    const http =
      transport === "sse"
        ? new SSEClientTransportV2(endpoint(base, transport), { authProvider })
        : new StreamableHTTPClientTransportV2(endpoint(base, transport), { authProvider });
    const client = new ClientV2(info, { versionNegotiation: NEGOTIATION[generation] });
    const api = v2Api(client);
    try {
      await client.connect(http);
    } catch (error) {
      if (error instanceof UnauthorizedErrorV2) return { pendingV2: http };
      throw error;
    }
    return { connection: { api, version: client.getNegotiatedProtocolVersion(), close: () => client.close() } };
  };
  const first = await attempt();
  if (first.connection) return first.connection;
  if (first.pendingV2) {
    // The whole callback query, so the v2 SDK can check `iss` (RFC 9207) as it would from a browser.
    await first.pendingV2.finishAuth(provider.takeCallback());
    await first.pendingV2.close();
  } else {
    const callback = provider.takeCallback();
    await first.pending!.finishAuth(callback.get("code") ?? "");
    await first.pending!.close();
  }
  const second = await attempt();
  if (!second.connection) throw new Error("still unauthorized after completing the consent");
  return second.connection;
}

export async function runSdkClient(
  recorder: Recorder,
  options: { base: string; passphrase: string; generation: Generation; transport: Transport },
): Promise<void> {
  const { base, passphrase, generation, transport } = options;
  const client = `MCP SDK ${generation}`;
  const clientName = `Outpost interop (${client}, ${transport})`;
  const provider = new CallbackCapturingProvider({ passphrase, clientName });
  let connection: Connection | undefined;

  const signedIn = await recorder.check(client, transport, "auth", async () => {
    connection = await connect(generation, transport, base, provider);
    const authorization = provider.authorizationUrls[0];
    assert(authorization, "the SDK never asked for authorization");
    assert(authorization.searchParams.get("code_challenge_method") === "S256", "no PKCE S256");
    const info = await sessionInfo(connection.api);
    assert(info.clientName === clientName, `session_info names client ${String(info.clientName)}`);
    const era = connection.api.era();
    assert(
      era === expectedEra(generation, transport),
      `negotiated the ${era} era (${connection.version ?? "version not reported"}), not the ${expectedEra(generation, transport)} one`,
    );
    if (era === "modern")
      assert(connection.version === MODERN_VERSION, `negotiated ${connection.version}, not ${MODERN_VERSION}`);
    const negotiated = connection.version
      ? `, negotiated ${connection.version}${era === "modern" ? " (stateless, no fallback)" : ""}`
      : "";
    return `DCR client ${String(provider.clientInformation()?.client_id).slice(0, 8)}…, PKCE S256, resource=${authorization.searchParams.get("resource")}, consent approved, token accepted${negotiated}`;
  });
  if (!signedIn || !connection) {
    recorder.blocked(
      client,
      transport,
      FEATURES.filter((feature) => feature !== "auth"),
      "sign-in failed",
    );
    return;
  }
  try {
    await exercise(recorder, client, transport, connection.api, `${generation.replace(" ", "-")}-${transport}`);
  } finally {
    await connection.close().catch(() => undefined);
  }

  await recorder.check(client, transport, "refresh", async () => {
    const issued = provider.tokens();
    assert(issued?.refresh_token, "the code exchange returned no refresh token");
    provider.setTokens({ ...issued, access_token: `stale-${randomBytes(8).toString("hex")}` });
    const again = await connect(generation, transport, base, provider);
    try {
      await sessionInfo(again.api);
    } finally {
      await again.close().catch(() => undefined);
    }
    assert(provider.authorizationUrls.length === 1, "the SDK asked for a second consent instead of refreshing");
    const refreshed = provider.tokens();
    assert(
      refreshed?.refresh_token && refreshed.refresh_token !== issued.refresh_token,
      "the refresh token did not rotate",
    );
    return "a rejected access token was refreshed without a new consent; the refresh token rotated";
  });

  await recorder
    .check(client, transport, "re-registration", async () => {
      // The provider looks clients up by id: to it, a deleted client and an id it never issued are the same.
      const registered = provider.clientInformation();
      const tokens = provider.tokens();
      assert(registered && tokens?.refresh_token, "no client or refresh token to start from");
      const gone = `deleted-${randomBytes(8).toString("hex")}`;
      const refused = await tokenRequest(base, {
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: gone,
      });
      const refusal = (await refused.json().catch(() => ({}))) as { error?: string };
      assert(
        refused.status === 401 && refusal.error === "invalid_client",
        `the token endpoint answered ${refused.status} ${JSON.stringify(refusal)} for an unknown client`,
      );
      provider.saveClientInformation({ ...registered, client_id: gone });
      provider.setTokens({ ...tokens, access_token: `stale-${randomBytes(8).toString("hex")}` });
      const again = await connect(generation, transport, base, provider);
      try {
        await sessionInfo(again.api);
      } finally {
        await again.close().catch(() => undefined);
      }
      const now = provider.clientInformation()?.client_id;
      assert(now && now !== gone && now !== registered.client_id, `client id after recovery: ${String(now)}`);
      return `refresh with a deleted client got 401 invalid_client; the SDK registered again (new client ${now.slice(0, 8)}…) and signed in`;
    })
    .catch((error) => recorder.record(client, transport, "re-registration", "fail", describeError(error)));
}
