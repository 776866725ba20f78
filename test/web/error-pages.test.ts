/**
 * Error pages as a person meets them in a browser: words they can act on, never the OAuth
 * library's own messages, nothing about local files on a deployed server, and a page (not raw
 * JSON) when the browser asked for HTML. Programs keep getting JSON, and API routes always do.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { publicClientRegistration } from "../helpers/registration";
import { authorizeUrl, pkcePair, registerClient } from "../helpers/worker";

const BROWSER = { Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
const DEPLOYED = "https://connector.example.com";

afterEach(() => vi.restoreAllMocks());

async function browse(url: string, init: RequestInit = {}): Promise<{ response: Response; body: string }> {
  const response = await exports.default.fetch(new Request(url, { ...init, headers: { ...BROWSER, ...init.headers } }));
  return { response, body: await response.text() };
}

async function authorizePath(clientId: string, redirectUri = "http://127.0.0.1:43111/callback"): Promise<string> {
  const { challenge } = await pkcePair();
  return authorizeUrl({ clientId, redirectUri }, challenge);
}

/** The provider's own descriptions, which are for protocol logs: none may reach a page. */
const LIBRARY_TEXT = /Invalid client_id|Invalid redirect URI|client_id is required|CIMD fetch failed/;

describe("/authorize requests that cannot reach the consent page", () => {
  it("an unknown client: its registration is gone, so remove the connector and add it again", async () => {
    const { response, body } = await browse(`http://localhost${await authorizePath("no-such-client")}`);
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    expect(body).toContain("This app&#39;s registration is no longer known here");
    expect(body).toContain("Remove the connector in Claude");
    expect(body).not.toMatch(LIBRARY_TEXT);
  });

  it("a redirect URI the app never registered", async () => {
    const client = await registerClient("Registered App", "http://127.0.0.1:43111/callback");
    const { response, body } = await browse(
      `http://localhost${await authorizePath(client.clientId, "http://127.0.0.1:43111/elsewhere")}`,
    );
    expect(response.status).toBe(400);
    expect(body).toContain("an address it did not register");
    expect(body).not.toMatch(LIBRARY_TEXT);
  });

  it("no client_id at all", async () => {
    const { response, body } = await browse("http://localhost/authorize?response_type=code");
    expect(response.status).toBe(400);
    expect(body).toContain("does not say which app is connecting");
    expect(body).not.toMatch(LIBRARY_TEXT);
  });

  it("a metadata-document client whose document cannot be read names its host, not the fetch error", async () => {
    const original = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      return url.startsWith("https://app.example/") ? new Response("gone", { status: 404 }) : original(input, init);
    });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { response, body } = await browse(
      `${DEPLOYED}${await authorizePath("https://app.example/client.json", "https://app.example/cb")}`,
    );
    expect(response.status).toBe(400);
    expect(body).toContain("could not read this app&#39;s description");
    expect(body).toContain("app.example");
    expect(body).not.toMatch(LIBRARY_TEXT);
    expect(body).not.toContain("404");
  });

  it("a storage failure is a 503 to try again, not a 'not valid' link", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const broken = {
      ...env,
      OAUTH_KV: { ...env.OAUTH_KV, get: () => Promise.reject(new Error("KV is down: internal detail")) },
    } as Env;
    const request = new Request(`http://localhost${await authorizePath("abcdefghijklmnop")}`, { headers: BROWSER });
    const ctx = createExecutionContext();
    const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], broken, ctx);
    await waitOnExecutionContext(ctx);
    const body = await response.text();
    expect(response.status).toBe(503);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    const reference = /reference ([0-9a-f]{8})/.exec(body)?.[1];
    expect(reference).toBeTruthy();
    expect(body).toContain("npm run dev");
    expect(body).not.toContain("internal detail");
    expect(
      log.mock.calls.map(([line]) => String(line)).some((line) => line.includes(`"reference":"${reference}"`)),
    ).toBe(true);
  });
});

describe("the consent page's passphrase hint", () => {
  async function consentAt(origin: string): Promise<string> {
    const registered = await exports.default.fetch(
      new Request(`${origin}/register`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(publicClientRegistration("Hint App", "https://app.example/cb")),
      }),
    );
    const { client_id } = (await registered.json()) as { client_id: string };
    const { response, body } = await browse(`${origin}${await authorizePath(client_id, "https://app.example/cb")}`);
    expect(response.status, body).toBe(200);
    return body;
  }

  it("names .dev.vars and the passphrase command only on a local server", async () => {
    const local = await consentAt("http://localhost");
    expect(local).toContain("npm run -s passphrase");
    const deployed = await consentAt(DEPLOYED);
    expect(deployed).not.toContain(".dev.vars");
    expect(deployed).not.toContain("npm run");
    expect(deployed).toContain("Ask whoever runs this connector");
  });
});

describe("content negotiation", () => {
  it("an unknown path is a page for a browser and JSON for a program", async () => {
    const page = await browse(`${DEPLOYED}/nowhere`);
    expect(page.response.status).toBe(404);
    expect(page.response.headers.get("Content-Type")).toContain("text/html");
    expect(page.response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(page.body).toContain("Nothing at /nowhere");
    expect(page.body).toContain("The home page, /, explains how to connect.");

    for (const accept of [undefined, "*/*", "application/json"]) {
      const response = await exports.default.fetch(
        new Request(`${DEPLOYED}/nowhere`, { headers: accept ? { Accept: accept } : {} }),
      );
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: "not_found" });
    }
  });

  it.each([
    "/mcp",
    "/sse",
    "/token",
    "/register",
    "/.well-known/oauth-authorization-server",
    "/.well-known/oauth-protected-resource/mcp",
  ])("the API route %s never answers a browser with a page", async (path) => {
    const { response, body } = await browse(`${DEPLOYED}${path}`);
    expect(response.headers.get("Content-Type") ?? "", `${response.status} ${body}`).not.toContain("text/html");
  });

  it("plain http under a foreign name: a page for a browser, JSON on the MCP endpoint", async () => {
    const page = await browse("http://192.168.1.20:8787/");
    expect(page.response.status).toBe(421);
    expect(page.response.headers.get("Content-Type")).toContain("text/html");
    expect(page.body).toContain("use localhost or 127.0.0.1");
    const mcp = await browse("http://192.168.1.20:8787/mcp");
    expect(mcp.response.status).toBe(421);
    expect(JSON.parse(mcp.body)).toMatchObject({ error: "misdirected_request" });
  });
});
