/**
 * Dynamic Client Registration (RFC 7591) against abuse: every stored field has a limit, each client
 * address may register only so many clients per hour, and a registration that never completes an
 * authorization is kept for a day, not for months.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CLIENT_METADATA_LIMITS } from "../../src/auth/client-metadata";
import worker from "../../src/index";
import { MAX_SHOWN_NAME } from "../../src/web/client-name";
import { REGISTRATION_LIFETIME_SECONDS } from "../../src/worker/oauth";
import { REGISTRATION_WINDOW_SECONDS } from "../../src/worker/registration-throttle";
import { publicClientRegistration } from "../helpers/registration";
import { beginAuthorization, codeFrom, exchangeCode, REDIRECT_URI, submitConsent } from "../helpers/worker";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** POST /register through the worker, with an optional client address and settings. */
function register(body: unknown, options: { ip?: string; vars?: Partial<Env> } = {}): Promise<Response> {
  const init = {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(options.ip ? { "CF-Connecting-IP": options.ip } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
  return worker.fetch(
    new Request("http://localhost/register", init),
    { ...env, ...options.vars } as Env,
    createExecutionContext(),
  );
}

function registration(overrides: Record<string, unknown> = {}) {
  return { ...publicClientRegistration("Limits Test", REDIRECT_URI), ...overrides };
}

async function expectRefused(response: Response, error: string, ...mentions: string[]): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe(error);
  for (const mention of mentions) expect(body.error_description).toContain(mention);
}

async function expectRegistered(response: Response): Promise<string> {
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { client_id: string }).client_id;
}

const { maxNameChars, maxUriChars, maxRedirectUris, maxContacts, maxDocumentBytes } = CLIENT_METADATA_LIMITS;

describe("registered fields are capped", () => {
  it(`client_name: ${maxNameChars} characters, in every language`, async () => {
    await expectRegistered(await register(registration({ client_name: "n".repeat(maxNameChars) })));
    await expectRefused(
      await register(registration({ client_name: "n".repeat(maxNameChars + 1) })),
      "invalid_client_metadata",
      "client_name",
      String(maxNameChars),
    );
    await expectRefused(
      await register(registration({ "client_name#fr": "n".repeat(maxNameChars + 1) })),
      "invalid_client_metadata",
      "client_name#fr",
    );
  });

  it(`redirect_uris: at most ${maxRedirectUris}, each at most ${maxUriChars} characters`, async () => {
    const uris = (count: number) => Array.from({ length: count }, (_, i) => `http://127.0.0.1:${40000 + i}/callback`);
    await expectRegistered(await register(registration({ redirect_uris: uris(maxRedirectUris) })));
    await expectRefused(
      await register(registration({ redirect_uris: uris(maxRedirectUris + 1) })),
      "invalid_redirect_uri",
      String(maxRedirectUris),
    );
    const base = "https://app.example/callback/";
    await expectRegistered(
      await register(registration({ redirect_uris: [base + "p".repeat(maxUriChars - base.length)] })),
    );
    await expectRefused(
      await register(registration({ redirect_uris: [base + "p".repeat(maxUriChars - base.length + 1)] })),
      "invalid_redirect_uri",
      "redirect_uris[0]",
      String(maxUriChars),
    );
  });

  it(`every other URI: at most ${maxUriChars} characters`, async () => {
    const base = "https://app.example/";
    for (const field of ["logo_uri", "client_uri", "policy_uri", "tos_uri", "logo_uri#de"]) {
      await expectRefused(
        await register(registration({ [field]: base + "p".repeat(maxUriChars - base.length + 1) })),
        "invalid_client_metadata",
        field,
        String(maxUriChars),
      );
    }
  });

  it(`contacts: at most ${maxContacts}`, async () => {
    const contacts = (count: number) => Array.from({ length: count }, (_, i) => `dev${i}@app.example`);
    await expectRegistered(await register(registration({ contacts: contacts(maxContacts) })));
    await expectRefused(
      await register(registration({ contacts: contacts(maxContacts + 1) })),
      "invalid_client_metadata",
      "contacts",
    );
  });

  it(`the whole document: ${maxDocumentBytes} bytes`, async () => {
    const base = JSON.stringify(registration({ software_version: "" }));
    const exact = JSON.stringify(registration({ software_version: "v".repeat(maxDocumentBytes - base.length) }));
    expect(new TextEncoder().encode(exact).length).toBe(maxDocumentBytes);
    await expectRegistered(await register(exact));
    const over = JSON.stringify(registration({ software_version: "v".repeat(maxDocumentBytes - base.length + 1) }));
    await expectRefused(await register(over), "invalid_client_metadata", String(maxDocumentBytes));
  });

  it("stores nothing for a refused registration", async () => {
    const put = vi.spyOn(env.OAUTH_KV, "put");
    await expectRefused(
      await register(registration({ client_name: "n".repeat(maxNameChars + 1) })),
      "invalid_client_metadata",
    );
    expect(put).not.toHaveBeenCalled();
  });
});

describe("registrations per client address", () => {
  const limited = { REGISTRATIONS_PER_HOUR: "3" } as Partial<Env>;

  async function fill(ip: string): Promise<void> {
    for (let i = 0; i < 3; i++) await expectRegistered(await register(registration(), { ip, vars: limited }));
  }

  it("refuses the registration past REGISTRATIONS_PER_HOUR with 429, Retry-After and a JSON body", async () => {
    await fill("198.51.100.7");
    const refused = await register(registration(), { ip: "198.51.100.7", vars: limited });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(REGISTRATION_WINDOW_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(REGISTRATION_WINDOW_SECONDS);
    expect(refused.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = (await refused.json()) as { error: string; error_description: string };
    expect(body.error).toBe("too_many_requests");
    expect(body.error_description).toContain("REGISTRATIONS_PER_HOUR");
    expect(body.error_description).toMatch(/minute/);
  });

  it("keeps one bucket per address: another address still registers", async () => {
    await fill("198.51.100.8");
    expect((await register(registration(), { ip: "198.51.100.8", vars: limited })).status).toBe(429);
    await expectRegistered(await register(registration(), { ip: "198.51.100.9", vars: limited }));
  });

  it("counts an IPv6 /64 as one address", async () => {
    await fill("2001:db8:1:2::1");
    expect((await register(registration(), { ip: "2001:db8:1:2:ffff::9", vars: limited })).status).toBe(429);
    await expectRegistered(await register(registration(), { ip: "2001:db8:1:3::1", vars: limited }));
  });

  it("counts refused documents too, so garbage cannot be sent without limit", async () => {
    for (let i = 0; i < 3; i++)
      expect((await register("{not json", { ip: "198.51.100.10", vars: limited })).status).toBe(400);
    expect((await register(registration(), { ip: "198.51.100.10", vars: limited })).status).toBe(429);
  });

  it(`lets the address register again once the oldest registration is ${REGISTRATION_WINDOW_SECONDS / 60} minutes old`, async () => {
    await fill("198.51.100.11");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + REGISTRATION_WINDOW_SECONDS * 1000 + 1000 });
    await expectRegistered(await register(registration(), { ip: "198.51.100.11", vars: limited }));
  });
});

describe("how long a registration is kept", () => {
  it(`keeps a registration ${REGISTRATION_LIFETIME_SECONDS.pending / 3600} hours until it completes an authorization, then ${REGISTRATION_LIFETIME_SECONDS.confirmed / 86400} days`, async () => {
    const put = vi.spyOn(env.OAUTH_KV, "put");
    const clientId = await expectRegistered(await register(registration()));
    const clientWrites = () =>
      put.mock.calls.filter(([key]) => key === `client:${clientId}`).map(([, , options]) => options?.expirationTtl);
    expect(clientWrites()).toEqual([REGISTRATION_LIFETIME_SECONDS.pending]);

    const client = { clientId, redirectUri: REDIRECT_URI };
    const { form, verifier } = await beginAuthorization(client);
    const code = await codeFrom(await submitConsent(form));
    // Consent alone does not confirm it: the code may never be exchanged.
    expect(clientWrites()).toEqual([REGISTRATION_LIFETIME_SECONDS.pending]);
    const exchanged = await exchangeCode(client, code, verifier);
    expect(exchanged.status).toBe(200);
    await exchanged.text();
    expect(clientWrites()).toEqual([REGISTRATION_LIFETIME_SECONDS.pending, REGISTRATION_LIFETIME_SECONDS.confirmed]);
  });

  it("does not extend a registration on a failed code exchange", async () => {
    const put = vi.spyOn(env.OAUTH_KV, "put");
    const clientId = await expectRegistered(await register(registration()));
    const client = { clientId, redirectUri: REDIRECT_URI };
    const { form } = await beginAuthorization(client);
    const code = await codeFrom(await submitConsent(form));
    const failed = await exchangeCode(client, code, "wrong-verifier-".repeat(4));
    expect(failed.status).toBe(400);
    await failed.text();
    expect(put.mock.calls.filter(([key]) => key === `client:${clientId}`)).toHaveLength(1);
  });
});

describe("client metadata documents (https client ids)", () => {
  let next = 0;
  /** Serve `document` as the metadata document at a fresh https URL; the provider fetches it. */
  function serveDocument(document: (clientId: string) => Record<string, unknown>): string {
    const clientId = `https://clients.example.org/oauth/client-${Date.now()}-${++next}.json`;
    const original = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      return url === clientId
        ? Response.json(document(clientId), { headers: { "Cache-Control": "no-store" } })
        : original(input, init);
    });
    return clientId;
  }

  function authorize(clientId: string): Promise<Response> {
    const params = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: "https://app.example/callback",
      code_challenge: "c".repeat(43),
      code_challenge_method: "S256",
    });
    return worker.fetch(new Request(`http://localhost/authorize?${params}`), env, createExecutionContext());
  }

  const document = (overrides: Record<string, unknown>) => (clientId: string) => ({
    client_id: clientId,
    client_name: "Document Client",
    redirect_uris: ["https://app.example/callback"],
    token_endpoint_auth_method: "none",
    ...overrides,
  });

  it("refuses a document whose fields are over the caps with a redirect-less 400", async () => {
    for (const [overrides, error, mention] of [
      [{ client_name: "n".repeat(maxNameChars + 1) }, "invalid_client_metadata", "client_name"],
      [
        {
          redirect_uris: [
            ...Array.from({ length: maxRedirectUris }, (_, i) => `https://app.example/cb${i}`),
            "https://app.example/callback",
          ],
        },
        "invalid_redirect_uri",
        "redirect_uris",
      ],
    ] as const) {
      const response = await authorize(serveDocument(document(overrides)));
      expect(response.headers.get("Location")).toBeNull();
      await expectRefused(response, error, mention);
      vi.restoreAllMocks();
    }
  });

  it("accepts a document within the caps", async () => {
    const response = await authorize(serveDocument(document({ client_name: "n".repeat(maxNameChars) })));
    expect(response.status).toBe(200);
    // The consent page shows the start of a longer name, cut with "…" within MAX_SHOWN_NAME characters.
    const page = await response.text();
    expect(page).toContain(`${"n".repeat(MAX_SHOWN_NAME - 1)}…`);
    expect(page).not.toContain("n".repeat(MAX_SHOWN_NAME));
  });
});
