/**
 * Credentials of a shape this server never issues — 10 kB strings, odd characters, too many or too
 * few parts — are refused before any storage lookup. They used to reach KV, whose 512-byte key
 * limit turned them into a thrown error, a `worker_crash` line and a 503.
 *
 * The provider's tokens and codes are `userId:grantId:secret` (16- and 32-character secrets from
 * its URL-safe alphabet); its client ids are 16 such characters, or a metadata document URL.
 */
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CREDENTIAL_LIMITS, isClientIdShape, isIssuedTokenShape } from "../../src/worker/credential-shape";
import { ALL_SCOPES, type Client, MCP_HEADERS, registerClient, send, signIn, tokenRequest } from "../helpers/worker";

const GRANT_ID = "A".repeat(16);
const SECRET = "s".repeat(32);
const HUGE = "a".repeat(10_000);
/** 10 kB in the provider's three-part form. */
const HUGE_TOKEN = `${"u".repeat(5_000)}:${"g".repeat(5_000)}:x`;

afterEach(() => vi.restoreAllMocks());

/** Watch storage reads and crash logs for one request. */
function watch() {
  const reads = vi.spyOn(env.OAUTH_KV, "get");
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  return {
    reads: () => reads.mock.calls.map(([key]) => String(key)),
    crashed: () => log.mock.calls.some(([line]) => String(line).includes("worker_crash")),
  };
}

describe("the shapes", () => {
  it("knows the provider's token format and its edges", () => {
    expect(isIssuedTokenShape(`passphrase%3Aowner:${GRANT_ID}:${SECRET}`)).toBe(true);
    expect(isIssuedTokenShape(`${"u".repeat(CREDENTIAL_LIMITS.maxUserIdChars)}:${GRANT_ID}:${SECRET}`)).toBe(true);
    expect(isIssuedTokenShape(`${"u".repeat(CREDENTIAL_LIMITS.maxUserIdChars + 1)}:${GRANT_ID}:${SECRET}`)).toBe(false);
    for (const token of [
      `:${GRANT_ID}:${SECRET}`,
      `user:${GRANT_ID.slice(1)}:${SECRET}`,
      `user:${GRANT_ID}:${SECRET}x`,
      `user:${GRANT_ID}:${SECRET.slice(1)}`,
      `us:er:${GRANT_ID}:${SECRET}`,
      `usér:${GRANT_ID}:${SECRET}`,
      `user:${GRANT_ID}:${SECRET.slice(1)}!`,
      HUGE_TOKEN,
      HUGE,
      "",
    ]) {
      expect(isIssuedTokenShape(token), token.slice(0, 60)).toBe(false);
    }
  });

  it("knows registered client ids and metadata document URLs", () => {
    expect(isClientIdShape("xT7_wgv5COnzLwhs")).toBe(true);
    expect(isClientIdShape("https://app.example/oauth/client.json")).toBe(true);
    expect(isClientIdShape("http://127.0.0.1:4000/client.json")).toBe(true);
    const url = "https://app.example/";
    expect(isClientIdShape(url + "p".repeat(CREDENTIAL_LIMITS.maxClientIdUrlChars - url.length))).toBe(true);
    expect(isClientIdShape(url + "p".repeat(CREDENTIAL_LIMITS.maxClientIdUrlChars - url.length + 1))).toBe(false);
    for (const id of [
      "xT7_wgv5COnzLwh",
      "xT7_wgv5COnzLwhsX",
      "xT7_wgv5COnzLw.s",
      "..",
      "a b",
      "é",
      HUGE,
      "ftp://app.example/c.json",
      "https://app.example/a b",
      "",
    ]) {
      expect(isClientIdShape(id), id.slice(0, 60)).toBe(false);
    }
  });
});

describe("bearer tokens on the MCP endpoints", () => {
  const bad = [
    HUGE_TOKEN,
    HUGE,
    `${"u".repeat(CREDENTIAL_LIMITS.maxUserIdChars + 1)}:${GRANT_ID}:${SECRET}`,
    `a:b:c`,
    "..:..:..",
  ];

  it.each([
    ["POST", "/mcp"],
    ["GET", "/sse"],
    ["POST", "/sse/message?sessionId=abc"],
  ])("%s %s → the normal 401 challenge, no lookup, no crash", async (method, path) => {
    for (const token of bad) {
      const seen = watch();
      const response = await send(path, {
        method,
        headers: { ...MCP_HEADERS, Authorization: `Bearer ${token}` },
        ...(method === "POST" && { body: "{}" }),
      });
      expect(response.status, token.slice(0, 40)).toBe(401);
      expect(response.headers.get("WWW-Authenticate")).toMatch(
        /^Bearer realm="OAuth", resource_metadata="http:\/\/localhost\/\.well-known\/oauth-protected-resource"/,
      );
      expect(((await response.json()) as { error: string }).error).toBe("unauthorized");
      expect(seen.reads()).toEqual([]);
      expect(seen.crashed()).toBe(false);
      vi.restoreAllMocks();
    }
  });

  it("still looks up a well-shaped token and serves a real one", async () => {
    const unknown = await send("/mcp", {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer user:${GRANT_ID}:${SECRET}` },
      body: "{}",
    });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    await unknown.text();
    const { tokens } = await signIn({ requestScope: ALL_SCOPES.join(" ") });
    const ok = await send("/mcp", {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${tokens.access_token}` },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      }),
    });
    expect(ok.status).toBe(200);
    await ok.text();
  });
});

describe("the token endpoint", () => {
  let client: Client;
  beforeAll(async () => {
    client = await registerClient();
  });

  async function expectRefusal(
    fields: Record<string, string>,
    status: number,
    error: string,
    headers: Record<string, string> = {},
  ) {
    const seen = watch();
    const response = await send("/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe(error);
    expect(body.error_description.length).toBeLessThan(300);
    expect(seen.reads()).toEqual([]);
    expect(seen.crashed()).toBe(false);
    return body;
  }

  it("refuses an odd client_id as invalid_client (401)", async () => {
    for (const clientId of [
      HUGE,
      "..",
      "a b",
      "é",
      `https://app.example/${"p".repeat(CREDENTIAL_LIMITS.maxClientIdUrlChars)}`,
    ]) {
      await expectRefusal(
        { grant_type: "authorization_code", code: `u:${GRANT_ID}:${SECRET}`, client_id: clientId },
        401,
        "invalid_client",
      );
      vi.restoreAllMocks();
    }
  });

  it("refuses an odd client id in HTTP Basic as invalid_client with a Basic challenge", async () => {
    const seen = watch();
    const response = await send("/token", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${btoa(`${HUGE}:secret`)}`,
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: `u:${GRANT_ID}:${SECRET}` }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Basic/);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_client");
    expect(seen.reads()).toEqual([]);
  });

  it("refuses an odd authorization code or refresh token as invalid_grant (400)", async () => {
    for (const credential of [
      HUGE_TOKEN,
      HUGE,
      `${"u".repeat(CREDENTIAL_LIMITS.maxUserIdChars + 1)}:${GRANT_ID}:${SECRET}`,
      "a:b:c",
    ]) {
      await expectRefusal(
        {
          grant_type: "authorization_code",
          code: credential,
          client_id: client.clientId,
          redirect_uri: client.redirectUri,
          code_verifier: "v".repeat(43),
        },
        400,
        "invalid_grant",
      );
      vi.restoreAllMocks();
      await expectRefusal(
        { grant_type: "refresh_token", refresh_token: credential, client_id: client.clientId },
        400,
        "invalid_grant",
      );
      vi.restoreAllMocks();
    }
  });

  it("answers revocation of an odd token with 200, as for any token it did not issue (RFC 7009 §2.2)", async () => {
    const seen = watch();
    const response = await tokenRequest({ token: HUGE_TOKEN, client_id: client.clientId });
    expect(response.status).toBe(200);
    await response.text();
    expect(seen.reads()).toEqual([]);
  });

  it(`refuses a form over ${CREDENTIAL_LIMITS.maxTokenFormBytes} bytes as invalid_request`, async () => {
    const body = await expectRefusal(
      {
        grant_type: "refresh_token",
        refresh_token: `u:${GRANT_ID}:${SECRET}`,
        client_id: client.clientId,
        padding: "p".repeat(CREDENTIAL_LIMITS.maxTokenFormBytes),
      },
      400,
      "invalid_request",
    );
    expect(body.error_description).toContain(String(CREDENTIAL_LIMITS.maxTokenFormBytes));
  });

  it("still answers a well-shaped unknown refresh token from storage", async () => {
    const response = await tokenRequest({
      grant_type: "refresh_token",
      refresh_token: `u:${GRANT_ID}:${SECRET}`,
      client_id: client.clientId,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_grant");
  });
});

describe("the authorization endpoint", () => {
  it.each([
    ["10 kB", HUGE],
    ["dots", ".."],
    ["a space", "a b"],
    ["markup", "<script>"],
  ])("refuses a client_id of %s with a redirect-less 400, before any lookup", async (_label, clientId) => {
    const seen = watch();
    const params = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: "https://evil.example/cb",
      code_challenge: "c".repeat(43),
      code_challenge_method: "S256",
    });
    const response = await send(`/authorize?${params}`, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(response.headers.get("Location")).toBeNull();
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe("invalid_request");
    expect(body.error_description).not.toContain("<script>");
    expect(seen.reads()).toEqual([]);
    expect(seen.crashed()).toBe(false);
  });
});
