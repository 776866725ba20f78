/**
 * Operator clients over `/account/api/clients`, through the real worker with real KV and the real
 * sign-in throttle: create (secret once), list (never a secret), delete (grants gone), the owner
 * passphrase, and a full sign-in with the client secret at the token endpoint.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CLAUDE_CALLBACKS } from "../../src/auth/claude-only";
import { OPERATOR_CLIENT_LIMITS } from "../../src/auth/operator-clients";
import worker from "../../src/index";
import { oauthHelpers } from "../helpers/grants";
import {
  ALL_SCOPES,
  authorizeUrl,
  codeFrom,
  INITIALIZE,
  openConsent,
  PASSPHRASE,
  pkcePair,
  postMcp,
  send,
  submitConsent,
} from "../helpers/worker";

const API = "/account/api/clients";
const LOOPBACK = "http://127.0.0.1:43999/callback";

function basic(passphrase: string, user = "owner"): string {
  const bytes = new TextEncoder().encode(`${user}:${passphrase}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function api(
  method: string,
  path = API,
  options: {
    body?: unknown;
    passphrase?: string | null;
    ip?: string;
    headers?: Record<string, string>;
    vars?: Partial<Env>;
  } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.passphrase !== null) headers.Authorization = basic(options.passphrase ?? PASSPHRASE);
  if (options.ip) headers["CF-Connecting-IP"] = options.ip;
  if (options.body !== undefined) headers["Content-Type"] ??= "application/json";
  const init = {
    method,
    headers,
    ...(options.body !== undefined
      ? {
          body: typeof options.body === "string" ? options.body : JSON.stringify(options.body),
        }
      : {}),
  };
  return worker.fetch(
    new Request(`http://localhost${path}`, init),
    { ...env, ...options.vars } as Env,
    createExecutionContext(),
  );
}

interface Created {
  client_id: string;
  client_secret: string;
  client_name: string;
  redirect_uris: string[];
  created_at: number;
}

async function create(body: unknown = {}, vars?: Partial<Env>): Promise<Created> {
  const response = await api("POST", API, { body, vars });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Created;
}

async function list(): Promise<Array<Record<string, unknown>>> {
  const response = await api("GET");
  expect(response.status).toBe(200);
  return ((await response.json()) as { clients: Array<Record<string, unknown>> }).clients;
}

describe("creating an operator client", () => {
  it("defaults to Claude with both of Claude's callbacks, and shows a secret once", async () => {
    const created = await create();
    expect(created.client_name).toBe("Claude");
    expect(created.redirect_uris).toEqual([
      "https://claude.ai/api/mcp/auth_callback",
      "https://claude.com/api/mcp/auth_callback",
    ]);
    expect(created.client_id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(created.client_secret).toMatch(/^[A-Za-z0-9_-]{32}$/);

    // Never again: not in the list, and the provider keeps only a hash.
    const listed = await list();
    const mine = listed.find((client) => client.client_id === created.client_id);
    expect(mine).toEqual({
      client_id: created.client_id,
      client_name: "Claude",
      redirect_uris: created.redirect_uris,
      created_at: created.created_at,
    });
    expect(JSON.stringify(listed)).not.toContain(created.client_secret);
    const stored = await oauthHelpers().lookupClient(created.client_id);
    expect(stored?.tokenEndpointAuthMethod).toBe("client_secret_basic");
    expect(stored?.clientSecret).toBeDefined();
    expect(stored?.clientSecret).not.toBe(created.client_secret);
    expect(JSON.stringify(await env.OAUTH_KV.get(`client:${created.client_id}`))).not.toContain(created.client_secret);
  });

  it("takes a name and redirect URIs, trimmed", async () => {
    const created = await create({
      client_name: "  My agent ",
      redirect_uris: [` ${LOOPBACK} `, "https://app.example/cb"],
    });
    expect(created.client_name).toBe("My agent");
    expect(created.redirect_uris).toEqual([LOOPBACK, "https://app.example/cb"]);
  });

  it("lists only operator clients, not dynamically registered ones", async () => {
    const registered = await send("/register", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        client_name: "Dynamic",
        redirect_uris: [LOOPBACK],
        token_endpoint_auth_method: "none",
      }),
    });
    const dynamicId = ((await registered.json()) as { client_id: string }).client_id;
    const created = await create({ client_name: "Operator" });
    const ids = (await list()).map((client) => client.client_id);
    expect(ids).toContain(created.client_id);
    expect(ids).not.toContain(dynamicId);
    // Nor may this API delete one.
    expect((await api("DELETE", `${API}/${dynamicId}`)).status).toBe(404);
    expect(await oauthHelpers().lookupClient(dynamicId)).not.toBeNull();
  });

  it.each([
    [{ client_name: "" }, "invalid_client_metadata", "needs a name"],
    [{ client_name: "a\nb" }, "invalid_client_metadata", "control characters"],
    [{ client_name: "x".repeat(101) }, "invalid_client_metadata", "at most 100"],
    [{ client_name: 5 }, "invalid_client_metadata", "client_name must be a string"],
    [{ redirect_uris: "https://a.example/cb" }, "invalid_client_metadata", "array of strings"],
    [{ redirect_uris: ["http://evil.example/cb"] }, "invalid_redirect_uri", "https, or http on localhost"],
    [{ redirect_uris: ["https://a.example/cb#x"] }, "invalid_redirect_uri", "without a fragment"],
    [
      {
        redirect_uris: Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`),
      },
      "invalid_redirect_uri",
      "at most 10",
    ],
    [[], "invalid_client_metadata", "JSON object"],
    ["{not json", "invalid_client_metadata", "not valid JSON"],
  ])("refuses %j with %s", async (body, error, words) => {
    const response = await api("POST", API, { body });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as {
      error: string;
      error_description: string;
    };
    expect(problem.error).toBe(error);
    expect(problem.error_description).toContain(words);
  });

  it("takes a body of at most 5 KiB", async () => {
    const padding = (size: number) =>
      JSON.stringify({
        client_name: "Edge",
        pad: "x".repeat(size - JSON.stringify({ client_name: "Edge", pad: "" }).length),
      });
    const atLimit = await api("POST", API, { body: padding(5 * 1024) });
    expect(atLimit.status).toBe(201);
    await atLimit.text();
    const over = await api("POST", API, { body: padding(5 * 1024 + 1) });
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: string }).error).toBe("invalid_client_metadata");
    for (const client of await list())
      if (client.client_name === "Edge") await api("DELETE", `${API}/${client.client_id}`);
  });

  it("answers 405 with Allow for other methods", async () => {
    const put = await api("PUT", API, { body: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get("Allow")).toBe("GET, POST");
    const get = await api("GET", `${API}/AbCdEfGhIjKlMnOp`);
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("DELETE");
  });

  it("takes JSON only, so no cross-site form can post here", async () => {
    const response = await api("POST", API, {
      body: "client_name=x",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(415);
    const foreign = await api("POST", API, {
      body: {},
      headers: { Origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: string }).error).toBe("forbidden_origin");
  });

  it(`keeps at most ${OPERATOR_CLIENT_LIMITS.maxClients} operator clients`, async () => {
    const existing = (await list()).length;
    for (let i = existing; i < OPERATOR_CLIENT_LIMITS.maxClients; i++) await create({ client_name: `Client ${i}` });
    expect((await list()).length).toBe(OPERATOR_CLIENT_LIMITS.maxClients);
    const over = await api("POST", API, { body: {} });
    expect(over.status).toBe(409);
    expect(((await over.json()) as { error: string }).error).toBe("too_many_clients");
    // Removing one makes room again.
    const [first] = await list();
    expect((await api("DELETE", `${API}/${first?.client_id}`)).status).toBe(204);
    await create({ client_name: "Room again" });
    for (const client of await list()) await api("DELETE", `${API}/${client.client_id}`);
    expect(await list()).toEqual([]);
  });
});

describe("the owner passphrase", () => {
  it.each([
    ["no Authorization header", null, undefined],
    ["a Bearer token", null, { Authorization: `Bearer ${PASSPHRASE}` }],
    ["Basic without a colon", null, { Authorization: `Basic ${btoa("justtext")}` }],
  ])("is required: %s → 401 with a Basic challenge", async (_label, passphrase, headers) => {
    const response = await api("GET", API, { passphrase, headers });
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Basic realm="Outpost owner"/);
    expect(((await response.json()) as { error: string }).error).toBe("unauthorized");
  });

  it("accepts any user name, and UTF-8 passphrases", async () => {
    expect(
      (
        await api("GET", API, {
          headers: { Authorization: basic(PASSPHRASE, "") },
        })
      ).status,
    ).toBe(200);
    const response = await api("GET", API, {
      passphrase: "pässphrase ✓",
      vars: { OWNER_PASSPHRASE: "pässphrase ✓" },
    });
    expect(response.status).toBe(200);
  });

  it("is throttled like the consent page: the fifth wrong one locks, then even the right one gets 429", async () => {
    const ip = "203.0.113.77";
    for (let left = 4; left >= 1; left--) {
      const wrong = await api("GET", API, { passphrase: "wrong", ip });
      expect(wrong.status).toBe(401);
      const body = (await wrong.json()) as {
        error: string;
        error_description: string;
      };
      expect(body.error).toBe("invalid_passphrase");
      expect(body.error_description).toContain(`${left} ${left === 1 ? "try" : "tries"} left`);
    }
    expect((await api("GET", API, { passphrase: "wrong", ip })).status).toBe(429);
    const locked = await api("GET", API, { ip });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(((await locked.json()) as { error: string }).error).toBe("too_many_attempts");
    // Another address is not held back.
    expect((await api("GET", API, { ip: "203.0.113.78" })).status).toBe(200);
  });

  it("answers 503 when the server has no passphrase", async () => {
    const response = await api("GET", API, { vars: { OWNER_PASSPHRASE: "" } });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error_description: string }).error_description).toContain(
      "wrangler secret put OWNER_PASSPHRASE",
    );
  });
});

describe("signing in with an operator client", () => {
  async function authorizeAndGetCode(client: { clientId: string; redirectUri: string }) {
    const { verifier, challenge } = await pkcePair();
    const form = await openConsent(
      authorizeUrl(client, challenge, {
        scope: [...ALL_SCOPES, "offline_access"].join(" "),
      }),
    );
    expect(form.status).toBe(200);
    expect(form.html).toContain("Operator test");
    return { code: await codeFrom(await submitConsent(form)), verifier };
  }

  it("needs the secret at the token endpoint, then its token works on /mcp; deleting it ends the token", async () => {
    const created = await create({
      client_name: "Operator test",
      redirect_uris: [LOOPBACK],
    });
    const client = { clientId: created.client_id, redirectUri: LOOPBACK };
    const form = (code: string, verifier: string) => ({
      grant_type: "authorization_code",
      code,
      redirect_uri: LOOPBACK,
      code_verifier: verifier,
    });

    // Without the secret: 401 invalid_client (and the code is not spent on a failed authentication).
    const first = await authorizeAndGetCode(client);
    const noSecret = await send("/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        ...form(first.code, first.verifier),
        client_id: client.clientId,
      }),
    });
    expect(noSecret.status).toBe(401);
    expect(((await noSecret.json()) as { error: string }).error).toBe("invalid_client");

    // With it, by client_secret_basic.
    const second = await authorizeAndGetCode(client);
    const response = await send("/token", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${btoa(`${created.client_id}:${created.client_secret}`)}`,
      },
      body: new URLSearchParams(form(second.code, second.verifier)),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const tokens = (await response.json()) as {
      access_token: string;
      refresh_token: string;
    };
    expect(tokens.refresh_token).toBeTruthy();
    const initialize = await postMcp(tokens.access_token, INITIALIZE);
    expect(initialize.status).toBe(200);
    await initialize.text();

    // client_secret_post works as well (Claude's fields do not say which it uses).
    const third = await authorizeAndGetCode(client);
    const posted = await send("/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        ...form(third.code, third.verifier),
        client_id: created.client_id,
        client_secret: created.client_secret,
      }),
    });
    expect(posted.status).toBe(200);

    expect((await api("DELETE", `${API}/${created.client_id}`)).status).toBe(204);
    expect((await postMcp(tokens.access_token, INITIALIZE)).status).toBe(401);
    expect((await list()).map((c) => c.client_id)).not.toContain(created.client_id);
    expect((await api("DELETE", `${API}/${created.client_id}`)).status).toBe(404);
  });

  it("is shown with Claude's name on the consent page when created with the defaults", async () => {
    const created = await create();
    const { challenge } = await pkcePair();
    const form = await openConsent(
      authorizeUrl({ clientId: created.client_id, redirectUri: CLAUDE_CALLBACKS[0] }, challenge),
    );
    expect(form.status).toBe(200);
    expect(form.html).toContain("Claude");
    expect(form.html).toContain("claude.ai");
    expect(form.html).toContain("Registered on this server by its operator");
    expect(form.html).not.toContain("chose this name itself");
  });

  it("is not how a dynamically registered client is described", async () => {
    const registered = await send("/register", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_name: "Dynamic", redirect_uris: [LOOPBACK], token_endpoint_auth_method: "none" }),
    });
    const clientId = ((await registered.json()) as { client_id: string }).client_id;
    const { challenge } = await pkcePair();
    const form = await openConsent(authorizeUrl({ clientId, redirectUri: LOOPBACK }, challenge));
    expect(form.html).toContain("chose this name itself");
    expect(form.html).not.toContain("Registered on this server by its operator");
  });
});
