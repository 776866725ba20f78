/**
 * A client that registers by Client ID Metadata Document (MCP 2025-11-25), as Claude and Claude Code
 * do: its client id is the URL of a JSON document it serves. The suite serves that document from a
 * loopback server, with the port-less loopback redirects Claude Code's document lists, and signs in
 * with `http://127.0.0.1:<port>/callback` (RFC 8252 §7.3: any port on a loopback redirect).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { freePort } from "../e2e/harness";
import { approveConsent, pkcePair, type TokenResponse, tokenRequest } from "../e2e/oauth";
import { v1Api } from "./client-api";
import { exercise } from "./exercise";
import { assert, FEATURES, type Recorder } from "./results";

const CLIENT = "CIMD client (SDK v1)";
const TRANSPORT = "streamable-http";

export async function runCimdClient(recorder: Recorder, options: { base: string; passphrase: string }): Promise<void> {
  let fetches = 0;
  const documentServer = createServer((request, response) => {
    if (request.url !== "/oauth/client-metadata.json") {
      response.writeHead(404).end();
      return;
    }
    fetches++;
    response.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "max-age=300" });
    response.end(JSON.stringify(metadata));
  });
  await new Promise<void>((resolve) => documentServer.listen(0, "127.0.0.1", resolve));
  const clientId = `http://127.0.0.1:${(documentServer.address() as AddressInfo).port}/oauth/client-metadata.json`;
  const metadata = {
    client_id: clientId,
    client_name: "Outpost interop (CIMD)",
    redirect_uris: ["http://localhost/callback", "http://127.0.0.1/callback"],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  };
  let tokens: TokenResponse | undefined;
  try {
    const signedIn = await recorder.check(CLIENT, TRANSPORT, "auth", async () => {
      const advertised = (await (
        await fetch(new URL("/.well-known/oauth-authorization-server", options.base))
      ).json()) as Record<string, unknown>;
      assert(
        advertised.client_id_metadata_document_supported === true,
        "the authorization server metadata does not advertise client_id_metadata_document_supported",
      );
      const redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
      const { verifier, challenge } = pkcePair();
      const state = randomBytes(12).toString("base64url");
      const authorize = new URL("/authorize", options.base);
      authorize.search = new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: redirectUri,
        code_challenge: challenge,
        code_challenge_method: "S256",
        state,
        scope: "session:read session:write offline_access",
        resource: options.base,
      }).toString();
      const { code, location } = await approveConsent(authorize, { passphrase: options.passphrase }).catch(
        (error: Error) => {
          throw new Error(`authorize with client_id ${clientId}: ${error.message} (document fetched ${fetches} times)`);
        },
      );
      assert(location.searchParams.get("state") === state, "state mismatch");
      const exchanged = await tokenRequest(options.base, {
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        client_id: clientId,
        code_verifier: verifier,
        resource: options.base,
      });
      // The body is read once: as the error's detail, or as the tokens.
      if (exchanged.status !== 200) throw new Error(`token exchange: ${exchanged.status} ${await exchanged.text()}`);
      tokens = (await exchanged.json()) as TokenResponse;
      return `client_id ${clientId} (fetched ${fetches}×), redirect ${redirectUri} matched the port-less loopback entry, token issued`;
    });
    if (!signedIn || !tokens) {
      recorder.blocked(
        CLIENT,
        TRANSPORT,
        FEATURES.filter((feature) => feature === "tools" || feature === "resources"),
        "sign-in failed",
      );
      return;
    }
    const client = new Client({ name: "outpost-interop-cimd", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("/mcp", options.base), {
        requestInit: { headers: { Authorization: `Bearer ${tokens.access_token}` } },
      }),
    );
    try {
      await exercise(recorder, CLIENT, TRANSPORT, v1Api(client), "cimd");
    } finally {
      await client.close();
    }
  } finally {
    await new Promise<void>((resolve) => {
      documentServer.closeAllConnections();
      documentServer.close(() => resolve());
    });
  }
}
