/**
 * The resource server's first answer. Claude's pre-OAuth probe reads anything but 401 as
 * "unreachable", and claude.ai ignores a relative resource_metadata, so an unauthenticated request
 * must get 401 with an absolute metadata URL before Origin, method, media-type or body checks.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_SCOPES, MCP_HEADERS, ORIGIN, send, signIn } from "../helpers/worker";

const RESOURCE_METADATA = `resource_metadata="${ORIGIN}/.well-known/oauth-protected-resource"`;

async function expectChallenge(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  const challenge = response.headers.get("WWW-Authenticate") ?? "";
  expect(challenge).toMatch(/^Bearer\b/);
  expect(challenge).toContain(RESOURCE_METADATA);
  expect(challenge).toContain(`scope="${ALL_SCOPES.join(" ")}"`);
  expect(ALL_SCOPES).toEqual(expect.arrayContaining(["session:read", "session:write"]));
  await response.text();
}

describe("401 challenge without a token", () => {
  it("POST /mcp", async () => {
    await expectChallenge(await send("/mcp", { method: "POST", headers: MCP_HEADERS, body: "{}" }));
  });

  it("GET /sse", async () => {
    await expectChallenge(await send("/sse", { headers: { Accept: "text/event-stream" } }));
  });

  it("POST /sse/message", async () => {
    await expectChallenge(
      await send("/sse/message?sessionId=abc", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      }),
    );
  });

  it("comes before body, media-type and Origin checks", async () => {
    await expectChallenge(
      await send("/mcp", {
        method: "POST",
        headers: { "Content-Type": "text/plain", Origin: "https://evil.example" },
        body: "not json {{{",
      }),
    );
    await expectChallenge(
      await send("/mcp", { method: "POST", headers: { ...MCP_HEADERS, Origin: "https://evil.example" }, body: "{}" }),
    );
    await expectChallenge(
      await send("/mcp", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/html" },
        body: "[]",
      }),
    );
  });

  it("comes before the method check", async () => {
    for (const method of ["GET", "DELETE", "PUT", "PATCH"]) {
      await expectChallenge(
        await send("/mcp", {
          method,
          headers: method === "GET" ? {} : { "Content-Type": "application/json" },
          body: method === "GET" ? undefined : "{}",
        }),
      );
    }
    await expectChallenge(
      await send("/sse", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }),
    );
  });

  it("comes before the session check", async () => {
    await expectChallenge(
      await send("/mcp", {
        method: "POST",
        headers: { ...MCP_HEADERS, "Mcp-Session-Id": "no-such-session" },
        body: "{}",
      }),
    );
  });

  it("is also the answer to a token that is not one of ours", async () => {
    await expectChallenge(
      await send("/mcp", {
        method: "POST",
        headers: { ...MCP_HEADERS, Authorization: "Bearer not-a-token" },
        body: "{}",
      }),
    );
    await expectChallenge(
      await send("/mcp", { method: "POST", headers: { ...MCP_HEADERS, Authorization: "Bearer a:b:c" }, body: "{}" }),
    );
  });
});

describe("where the token may be", () => {
  let accessToken: string;
  beforeAll(async () => {
    accessToken = (await signIn()).tokens.access_token;
  });

  it("accepts a valid token in the Authorization header (control)", async () => {
    const response = await send("/mcp", {
      method: "POST",
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      }),
    });
    expect(response.status).toBe(200);
    await response.text();
  });

  it("refuses the same token in the query string", async () => {
    const query = `access_token=${encodeURIComponent(accessToken)}`;
    await expectChallenge(
      await send(`/mcp?${query}`, {
        method: "POST",
        headers: MCP_HEADERS,
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
        }),
      }),
    );
    await expectChallenge(await send(`/sse?${query}`, { headers: { Accept: "text/event-stream" } }));
  });

  it("refuses the same token in a form body", async () => {
    await expectChallenge(
      await send("/mcp", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ access_token: accessToken }),
      }),
    );
  });
});
