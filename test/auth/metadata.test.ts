/**
 * Discovery documents and the unprotected pages. Claude reads the authorization-server metadata
 * (RFC 8414) to decide between CIMD and DCR, and probes both the root and the path-inserted
 * protected-resource metadata (RFC 9728 §3.1) before it starts OAuth.
 */
import { describe, expect, it } from "vitest";
import { ORIGIN, send } from "../helpers/worker";

async function json(path: string): Promise<{ response: Response; body: Record<string, any> }> {
  const response = await send(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get("Content-Type"), path).toMatch(/^application\/json/);
  return { response, body: (await response.json()) as Record<string, any> };
}

describe("authorization-server metadata", () => {
  it("advertises the co-hosted endpoints, S256 only, DCR and CIMD with public clients, and every scope", async () => {
    const { body } = await json("/.well-known/oauth-authorization-server");
    expect(body.issuer).toBe(ORIGIN);
    expect(body.authorization_endpoint).toBe(`${ORIGIN}/authorize`);
    expect(body.token_endpoint).toBe(`${ORIGIN}/token`);
    expect(body.registration_endpoint).toBe(`${ORIGIN}/register`);
    expect(body.code_challenge_methods_supported).toEqual(["S256"]);
    expect(body.client_id_metadata_document_supported).toBe(true);
    expect(body.token_endpoint_auth_methods_supported).toContain("none");
    expect(body.response_types_supported).toEqual(["code"]);
    expect(body.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token"]));
    expect(body.scopes_supported).toEqual(expect.arrayContaining(["session:read", "session:write", "offline_access"]));
  });

  it("is also served at the path-inserted URL older clients derive from /mcp", async () => {
    const { body } = await json("/.well-known/oauth-authorization-server/mcp");
    expect(body.issuer).toBe(ORIGIN);
    expect(body.code_challenge_methods_supported).toEqual(["S256"]);
  });
});

describe("protected-resource metadata", () => {
  for (const path of [
    "/.well-known/oauth-protected-resource",
    "/.well-known/oauth-protected-resource/mcp",
    "/.well-known/oauth-protected-resource/sse",
  ]) {
    it(`${path} names the origin as the resource and this server as its authorization server`, async () => {
      const { body } = await json(path);
      expect(body.resource).toBe(ORIGIN);
      expect(body.authorization_servers).toEqual([ORIGIN]);
      expect(body.scopes_supported).toEqual(expect.arrayContaining(["session:read", "session:write"]));
      expect(body.bearer_methods_supported ?? ["header"]).toEqual(["header"]);
    });
  }

  it("is not invented for paths that are not MCP endpoints", async () => {
    const response = await send("/.well-known/oauth-protected-resource/admin");
    expect(response.status).toBe(404);
    await response.text();
  });
});

describe("unprotected pages", () => {
  it("answers an unknown path with a 404 JSON body", async () => {
    const response = await send("/no/such/page");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("not_found");
    expect(body.message).toContain("/no/such/page");
  });

  it("reports health as JSON", async () => {
    const response = await send("/health");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(((await response.json()) as { status: string }).status).toBe("ok");
  });

  it("serves an HTML docs page at / that gives the MCP URL", async () => {
    const response = await send("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain(`${ORIGIN}/mcp`);
    expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
  });
});
