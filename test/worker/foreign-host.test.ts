/**
 * DNS rebinding (MCP 2025-11-25, Streamable HTTP security warning): a page on evil.example.com that
 * resolves to 127.0.0.1 reaches a local server with `Host: evil.example.com`. Plain http under a
 * name that is not loopback is refused before anything else, and never becomes an OAuth resource.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

async function fetchAt(url: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(url, init));
}

describe("requests under a foreign name over plain http", () => {
  it.each([
    ["POST", "http://evil.example.com/mcp"],
    ["GET", "http://evil.example.com/.well-known/oauth-protected-resource"],
    ["GET", "http://evil.example.com:8787/authorize?client_id=x"],
    ["GET", "http://10.0.0.5/health"],
  ])("%s %s → 421 JSON, not a 500", async (method, url) => {
    const response = await fetchAt(url, {
      method,
      headers: { Origin: "http://evil.example.com", "Content-Type": "application/json" },
      ...(method === "POST" && { body: "{}" }),
    });
    expect(response.status).toBe(421);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("misdirected_request");
    expect(body.message).toContain("PUBLIC_URL");
  });

  it("still serves loopback names over http and any name over https", async () => {
    for (const url of [
      "http://localhost/health",
      "http://127.0.0.1:8787/health",
      "http://[::1]:8787/health",
      "https://connector.example.com/health",
    ]) {
      const response = await fetchAt(url);
      expect(response.status, url).toBe(200);
      await response.text();
    }
    const metadata = await fetchAt("https://connector.example.com/.well-known/oauth-protected-resource");
    expect(((await metadata.json()) as { resource: string }).resource).toBe("https://connector.example.com");
  });
});
