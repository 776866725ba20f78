/**
 * The OAuth edge under hostile input, black-box against `wrangler dev`: odd credentials, Host
 * headers the OAuth provider cannot serve, discovery probes, a replayed refresh token and a flood of
 * registrations. Every answer is a 4xx with a JSON body, never a 503. Under `wrangler dev` every
 * client has one address, 127.0.0.1, so the registration limit is counted across this whole file.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicClientRegistration } from "../helpers/registration";
import { type DevServer, startDevServer } from "./harness";
import { REDIRECT_URI, signIn, type TokenResponse, tokenRequest } from "./oauth";

const REGISTRATIONS_PER_HOUR = 4;
/** Registrations this file has sent so far (each counts against the limit, refused ones too). */
let registrations = 0;
let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({ vars: { REGISTRATIONS_PER_HOUR: String(REGISTRATIONS_PER_HOUR) } });
});

afterAll(async () => {
  await server?.stop();
});

const HUGE_TOKEN = `${"u".repeat(5_000)}:${"g".repeat(5_000)}:x`;

async function errorOf(response: Response): Promise<string> {
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  return ((await response.json()) as { error: string }).error;
}

/** A raw request with a Host header of our choosing (fetch does not let one set Host). */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: server.port, path, headers: { Host: host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("hostile input on wrangler dev", () => {
  it("answers 10 kB credentials with 401 or 400, never a 503", async () => {
    const mcp = await fetch(new URL("/mcp", server.url), {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        Authorization: `Bearer ${HUGE_TOKEN}`,
      },
      body: "{}",
    });
    expect(mcp.status).toBe(401);
    expect(mcp.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
    await mcp.text();

    const refresh = await tokenRequest(server.url, {
      grant_type: "refresh_token",
      refresh_token: HUGE_TOKEN,
      client_id: "AAAAAAAAAAAAAAAA",
    });
    expect(refresh.status).toBe(400);
    expect(await errorOf(refresh)).toBe("invalid_grant");

    const client = await tokenRequest(server.url, {
      grant_type: "authorization_code",
      code: "x",
      client_id: "c".repeat(10_000),
    });
    expect(client.status).toBe(401);
    expect(await errorOf(client)).toBe("invalid_client");

    const authorize = await fetch(
      new URL(`/authorize?response_type=code&client_id=${"c".repeat(10_000)}`, server.url),
      { redirect: "manual" },
    );
    expect(authorize.status).toBe(400);
    expect(await errorOf(authorize)).toBe("invalid_request");
  });

  it.each(["a.localhost", "localhost."])("refuses Host: %s with 421 JSON instead of crashing", async (host) => {
    const { status, body } = await getWithHost("/health", `${host}:${server.port}`);
    expect(status).toBe(421);
    expect(JSON.parse(body)).toMatchObject({ error: "misdirected_request" });
  });

  it("answers an unknown discovery path with a 404 JSON body", async () => {
    const response = await fetch(new URL("/.well-known/oauth-protected-resource/nothing-here", server.url));
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toBe("not_found");
  });

  it("ends the grant when a rotated refresh token is replayed a second time", async () => {
    const { client, tokens } = await signIn(server.url, { passphrase: server.passphrase });
    registrations++;
    const refresh = (token: string | undefined) =>
      tokenRequest(server.url, {
        grant_type: "refresh_token",
        refresh_token: token ?? "",
        client_id: client.client_id,
      });
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
    const retry = await refresh(tokens.refresh_token);
    expect(retry.status).toBe(200);
    const retried = (await retry.json()) as TokenResponse;

    const replay = await refresh(tokens.refresh_token);
    expect(replay.status).toBe(400);
    expect(await errorOf(replay)).toBe("invalid_grant");
    const afterwards = await refresh(retried.refresh_token);
    expect(await errorOf(afterwards)).toBe("invalid_grant");
  });

  it(`refuses oversized registrations, and the registration past ${REGISTRATIONS_PER_HOUR} an hour with 429`, async () => {
    const register = (body: unknown) =>
      fetch(new URL("/register", server.url), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const oversized = await register({ ...publicClientRegistration("n".repeat(101), REDIRECT_URI) });
    registrations++;
    expect(oversized.status).toBe(400);
    expect(await errorOf(oversized)).toBe("invalid_client_metadata");

    while (registrations < REGISTRATIONS_PER_HOUR) {
      const response = await register(publicClientRegistration("Within the limit", REDIRECT_URI));
      registrations++;
      expect(response.status).toBe(201);
      await response.text();
    }
    const refused = await register(publicClientRegistration("Over the limit", REDIRECT_URI));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await errorOf(refused)).toBe("too_many_requests");
  });
});
