/**
 * An operator-registered client end to end, on a server with dynamic registration turned off: the
 * real `npm run client:add` against `wrangler dev`, the authorization code flow with PKCE and the
 * client secret at the token endpoint, /mcp with the token, then `client:list` and
 * `client:remove` (which ends the token), and the CLI's errors and exit codes.
 */
import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, type DevServer, REPO_ROOT, startDevServer } from "./harness";
import { approveConsent, pkcePair, REDIRECT_URI, tokenRequest } from "./oauth";

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({ vars: { DCR_ENABLED: "false" } });
});

afterAll(async () => {
  await server?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run -s client:<command> -- …args` in this checkout, the passphrase in the environment. */
function npmRun(command: string, args: string[], passphrase: string | undefined): Promise<Run> {
  const env = childEnv(passphrase === undefined ? {} : { OUTPOST_PASSPHRASE: passphrase });
  if (passphrase === undefined) delete env.OUTPOST_PASSPHRASE;
  return new Promise((resolve) => {
    execFile(
      "npm",
      ["run", "-s", `client:${command}`, "--", ...args],
      { cwd: REPO_ROOT, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "operator-client-e2e", version: "1.0.0" },
  },
};

function initialize(token: string): Promise<Response> {
  return fetch(new URL("/mcp", server.url), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      Authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(INITIALIZE),
  });
}

describe("npm run client:add, then signing in with the client secret", () => {
  let clientId = "";
  let accessToken = "";

  it("registration is off on this server", async () => {
    const response = await fetch(new URL("/register", server.url), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(response.status).not.toBe(201);
    await response.text();
  });

  it("client:add prints the id and the secret once, and what to paste where", async () => {
    const run = await npmRun(
      "add",
      ["--url", `${server.url}/mcp`, "--name", "E2E agent", "--redirect-uri", REDIRECT_URI],
      server.passphrase,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain(server.passphrase);
    expect(run.stderr).not.toContain(server.passphrase);
    clientId = /Client ID:\s+(\S+)/.exec(run.stdout)?.[1] ?? "";
    const secret = /Client secret:\s+(\S+)/.exec(run.stdout)?.[1] ?? "";
    expect(clientId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(run.stdout).toContain("shown only this once");

    const { verifier, challenge } = pkcePair();
    const authorize = new URL("/authorize", server.url);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "operator-e2e",
      scope: "session:read offline_access",
      resource: server.url,
    }).toString();
    const { code } = await approveConsent(authorize, { passphrase: server.passphrase });
    const exchange = {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      resource: server.url,
    };

    // A wrong secret is refused without spending the code. Its last character is changed to one it
    // is not (a fixed "x" was the real secret's own last character one run in 64).
    const wrong = await tokenRequest(server.url, {
      ...exchange,
      client_id: clientId,
      client_secret: `${secret.slice(0, -1)}${secret.endsWith("x") ? "y" : "x"}`,
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_client");

    const response = await fetch(new URL("/token", server.url), {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
      },
      body: new URLSearchParams(exchange),
    });
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as { access_token: string; refresh_token?: string };
    expect(tokens.refresh_token).toBeTruthy();
    accessToken = tokens.access_token;

    const mcp = await initialize(accessToken);
    expect(mcp.status).toBe(200);
    expect(await mcp.text()).toContain("serverInfo");
  });

  it("client:list shows it without the secret", async () => {
    const run = await npmRun("list", ["--url", server.url], server.passphrase);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(clientId);
    expect(run.stdout).toContain("E2E agent");
    expect(run.stdout).toContain(REDIRECT_URI);
  });

  it("client:remove deletes it and ends its tokens", async () => {
    const run = await npmRun("remove", ["--url", server.url, clientId], server.passphrase);
    expect(run.code, run.stderr).toBe(0);
    const mcp = await initialize(accessToken);
    expect(mcp.status).toBe(401);
    await mcp.text();
    const again = await npmRun("remove", ["--url", server.url, clientId], server.passphrase);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("No operator client");
  });
});

describe("the CLI's errors", () => {
  it("a wrong passphrase: exit 3, and the passphrase never printed", async () => {
    const run = await npmRun("list", ["--url", server.url], "not-the-passphrase");
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("Wrong passphrase");
    expect(run.stderr + run.stdout).not.toContain("not-the-passphrase");
  });

  it("no passphrase and no terminal: exit 2 saying how to give one", async () => {
    const run = await npmRun("list", ["--url", server.url], undefined);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("OUTPOST_PASSPHRASE");
  });

  it("an unreachable server: exit 1", async () => {
    const run = await npmRun("list", ["--url", "http://127.0.0.1:9"], "x");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Could not reach http://127.0.0.1:9");
  });

  it("a server without the API (only dynamic registration): exit 1 saying the URL alone is enough", async () => {
    const other = await import("node:http");
    const fake = other.createServer((_request, response) => {
      response
        .writeHead(404, { "Content-Type": "application/json" })
        .end('{"error":"not_found","message":"Nothing here"}');
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    const address = fake.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const run = await npmRun("add", ["--url", `http://127.0.0.1:${port}`], "x");
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("does not offer operator clients");
      expect(run.stderr).toContain("just its URL");
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  });

  it("a refused redirect URI: exit 2 with the server's reason", async () => {
    const run = await npmRun(
      "add",
      ["--url", server.url, "--redirect-uri", "http://evil.example/cb"],
      server.passphrase,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("http on localhost");
  });
});
