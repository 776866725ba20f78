/**
 * Clients probe many `/.well-known/…` URLs (RFC 8414, RFC 9728 path-inserted forms, OpenID
 * discovery). Whatever they probe, a miss is a 404 JSON body that names the documents that exist,
 * never an empty body.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { ORIGIN, send } from "../helpers/worker";

async function expectDiscoveryMiss(response: Response, origin = ORIGIN): Promise<void> {
  expect(response.status).toBe(404);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: string; message: string };
  expect(body.error).toBe("not_found");
  expect(body.message).toContain(`${origin}/.well-known/oauth-protected-resource`);
  expect(body.message).toContain(`${origin}/.well-known/oauth-authorization-server`);
}

describe("unknown /.well-known/ paths", () => {
  it.each([
    "/.well-known/oauth-protected-resource/foo",
    "/.well-known/oauth-protected-resource/mcp/extra",
    "/.well-known/oauth-authorization-server/foo",
    "/.well-known/openid-configuration",
    "/.well-known/foo",
    "/.well-known/",
  ])("GET %s → 404 JSON naming the documents that exist", async (path) => {
    await expectDiscoveryMiss(await send(path));
  });

  it("keeps the provider's CORS headers on a miss", async () => {
    const response = await send("/.well-known/oauth-protected-resource/foo", {
      headers: { Origin: "https://claude.ai" },
    });
    expect(response.headers.get("Access-Control-Allow-Origin")).toBeTruthy();
    await expectDiscoveryMiss(response);
  });

  it("answers a wrong method on a discovery document with 405 JSON and Allow", async () => {
    for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/oauth-protected-resource"]) {
      const response = await send(path, { method: "POST", body: "{}" });
      expect(response.status, path).toBe(405);
      expect(response.headers.get("Allow")).toContain("GET");
      expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(((await response.json()) as { message: string }).message).toMatch(/GET/);
    }
  });

  it("points a host other than PUBLIC_URL at the pinned origin", async () => {
    const pinned = { ...env, PUBLIC_URL: "https://connector.example.com" } as Env;
    const response = await worker.fetch(
      new Request("https://other.example.com/.well-known/oauth-protected-resource"),
      pinned,
      createExecutionContext(),
    );
    await expectDiscoveryMiss(response, "https://connector.example.com");
  });

  it("still serves the documents themselves", async () => {
    for (const path of [
      "/.well-known/oauth-protected-resource",
      "/.well-known/oauth-protected-resource/mcp",
      "/.well-known/oauth-authorization-server",
    ]) {
      const response = await send(path);
      expect(response.status, path).toBe(200);
      await response.json();
    }
  });
});
