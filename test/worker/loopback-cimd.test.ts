/**
 * Client ID Metadata Documents on loopback, in development: the document host (a client under
 * development, which these tests cannot run inside workerd) is replaced at the network edge; the
 * worker, the OAuth provider and OAUTH_KV are real.
 */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CLIENT_METADATA_LIMITS } from "../../src/auth/client-metadata";
import {
  isLoopbackDocumentUrl,
  LOOPBACK_CIMD_LIMITS,
  resolveLoopbackClientMetadata,
} from "../../src/worker/loopback-cimd";
import {
  authorizeUrl,
  type Client,
  codeFrom,
  exchangeCode,
  openConsent,
  pkcePair,
  refreshTokens,
  submitConsent,
  type Tokens,
} from "../helpers/worker";

const DOCUMENT_ORIGIN = "http://127.0.0.1:47001";
let nextDocument = 0;

/** A fresh document URL per test, so no test sees another's stored client. */
function documentUrl(): string {
  return `${DOCUMENT_ORIGIN}/oauth/client-${++nextDocument}.json`;
}

/** Claude Code's shape: port-less loopback redirects, a public client. */
function claudeCodeLike(clientId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_id: clientId,
    client_name: "Loopback Test Client",
    redirect_uris: ["http://localhost/callback", "http://127.0.0.1/callback"],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    ...extra,
  };
}

/** Answer fetches of the document host with `respond`; everything else goes out unchanged. */
function serveDocuments(respond: (url: string, init?: RequestInit) => Response | Promise<Response>): string[] {
  const fetched: string[] = [];
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(`${DOCUMENT_ORIGIN}/`)) return original(input, init);
    fetched.push(url);
    if (init?.redirect !== "manual") throw new Error("the document must be fetched with redirect: manual");
    return respond(url, init);
  });
  return fetched;
}

function serveJson(documents: Record<string, unknown>): string[] {
  return serveDocuments((url) =>
    url in documents ? Response.json(documents[url]) : new Response("not found", { status: 404 }),
  );
}

afterEach(() => vi.restoreAllMocks());

const storedClient = (clientId: string) => env.OAUTH_KV.get<Record<string, unknown>>(`client:${clientId}`, "json");

/** Consent through token exchange for `client`, as a loopback CLI would run it. */
async function signInWith(client: Client): Promise<Tokens> {
  const { verifier, challenge } = await pkcePair();
  const form = await openConsent(authorizeUrl(client, challenge, { scope: "session:read offline_access" }));
  expect(form.status, form.html).toBe(200);
  const code = await codeFrom(await submitConsent(form, { scopes: ["session:read"] }));
  const exchanged = await exchangeCode(client, code, verifier);
  expect(exchanged.status, await exchanged.clone().text()).toBe(200);
  return (await exchanged.json()) as Tokens;
}

async function expectInvalidLink(clientId: string, host = "http://localhost"): Promise<void> {
  const { challenge } = await pkcePair();
  const response = await exports.default.fetch(
    new Request(new URL(authorizeUrl({ clientId, redirectUri: "http://127.0.0.1:43111/callback" }, challenge), host)),
  );
  const html = await response.text();
  expect(response.status).toBe(400);
  expect(html).toContain("could not read this app&#39;s description");
}

describe("a valid loopback document", () => {
  it("is registered under its URL: the consent page names the client and the flow ends in tokens", async () => {
    const clientId = documentUrl();
    const fetched = serveJson({ [clientId]: claudeCodeLike(clientId) });
    const client = { clientId, redirectUri: "http://127.0.0.1:43111/callback" };

    const { challenge } = await pkcePair();
    const form = await openConsent(authorizeUrl(client, challenge));
    expect(form.status).toBe(200);
    expect(form.html).toContain("Loopback Test Client");
    expect(fetched).toEqual([clientId]);

    const tokens = await signInWith(client);
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    // Fetched once: the stored copy is fresh for the second consent, the approval and the token request.
    expect(fetched).toEqual([clientId]);

    expect(await storedClient(clientId)).toMatchObject({
      clientId,
      clientName: "Loopback Test Client",
      redirectUris: ["http://localhost/callback", "http://127.0.0.1/callback"],
      grantTypes: ["authorization_code", "refresh_token"],
      responseTypes: ["code"],
      tokenEndpointAuthMethod: "none",
    });
    const refreshed = await refreshTokens(client, tokens.refresh_token ?? "");
    expect(refreshed.status).toBe(200);
  });

  it("accepts any port on its port-less loopback redirects (RFC 8252 §7.3), but not another path", async () => {
    const clientId = documentUrl();
    serveJson({ [clientId]: claudeCodeLike(clientId) });
    expect((await signInWith({ clientId, redirectUri: "http://localhost:51234/callback" })).access_token).toBeTruthy();
    expect((await signInWith({ clientId, redirectUri: "http://127.0.0.1:8976/callback" })).access_token).toBeTruthy();

    const { challenge } = await pkcePair();
    const wrongPath = await openConsent(
      authorizeUrl({ clientId, redirectUri: "http://127.0.0.1:8976/elsewhere" }, challenge),
    );
    expect(wrongPath.status).toBe(400);
    expect(wrongPath.html).toContain("an address it did not register");
  });

  it("is fetched again once the stored copy is older than the refresh interval, at /token too", async () => {
    const clientId = documentUrl();
    const documents: Record<string, unknown> = { [clientId]: claudeCodeLike(clientId) };
    const fetched = serveJson(documents);
    const client = { clientId, redirectUri: "http://127.0.0.1:43111/callback" };
    const tokens = await signInWith(client);

    const age = async () => {
      const record = (await storedClient(clientId)) ?? {};
      record.registrationDate = Math.floor(Date.now() / 1000) - LOOPBACK_CIMD_LIMITS.refreshSeconds - 1;
      await env.OAUTH_KV.put(`client:${clientId}`, JSON.stringify(record));
    };
    await age();
    documents[clientId] = claudeCodeLike(clientId, { client_name: "Renamed Client" });
    const refreshed = await refreshTokens(client, tokens.refresh_token ?? "");
    expect(refreshed.status).toBe(200);
    expect(fetched).toEqual([clientId, clientId]);
    expect((await storedClient(clientId))?.clientName).toBe("Renamed Client");

    // The document is gone: the stale copy is dropped and the provider refuses the client as unknown.
    await age();
    delete documents[clientId];
    const refused = await refreshTokens(client, ((await refreshed.json()) as Tokens).refresh_token ?? "");
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe("invalid_client");
    expect(await storedClient(clientId)).toBeNull();
  });

  it("takes a document of exactly the size cap and a client name of exactly the length cap", async () => {
    const clientId = documentUrl();
    const base = JSON.stringify(
      claudeCodeLike(clientId, { client_name: "n".repeat(CLIENT_METADATA_LIMITS.maxNameChars), padding: "" }),
    );
    const document = claudeCodeLike(clientId, {
      client_name: "n".repeat(CLIENT_METADATA_LIMITS.maxNameChars),
      padding: "p".repeat(CLIENT_METADATA_LIMITS.maxDocumentBytes - base.length),
    });
    expect(JSON.stringify(document).length).toBe(CLIENT_METADATA_LIMITS.maxDocumentBytes);
    serveJson({ [clientId]: document });
    expect((await signInWith({ clientId, redirectUri: "http://127.0.0.1:43111/callback" })).access_token).toBeTruthy();
  });
});

describe("documents that are refused with the 400 page, nothing stored", () => {
  const cases: [string, (clientId: string) => Response][] = [
    ["a client_id other than its URL", (id) => Response.json(claudeCodeLike(`${id}?v=2`))],
    [
      "a body one byte over the cap",
      (id) => {
        const base = JSON.stringify(claudeCodeLike(id, { padding: "" }));
        return Response.json(
          claudeCodeLike(id, { padding: "p".repeat(CLIENT_METADATA_LIMITS.maxDocumentBytes - base.length + 1) }),
        );
      },
    ],
    [
      "an oversized body without Content-Length",
      (id) =>
        new Response(
          new Blob([JSON.stringify(claudeCodeLike(id)), " ".repeat(CLIENT_METADATA_LIMITS.maxDocumentBytes)]).stream(),
        ),
    ],
    [
      "a body that is not JSON",
      () => new Response("<html>client</html>", { headers: { "Content-Type": "text/html" } }),
    ],
    ["a JSON array", (id) => Response.json([claudeCodeLike(id)])],
    ["a redirect to the document", (id) => new Response(null, { status: 302, headers: { Location: `${id}.moved` } })],
    ["a 404", () => new Response("not found", { status: 404 })],
    [
      "a confidential client",
      (id) => Response.json(claudeCodeLike(id, { token_endpoint_auth_method: "client_secret_basic" })),
    ],
    ["a client secret", (id) => Response.json(claudeCodeLike(id, { client_secret: "s3cret" }))],
    ["no redirect URIs", (id) => Response.json(claudeCodeLike(id, { redirect_uris: [] }))],
    ["a relative redirect URI", (id) => Response.json(claudeCodeLike(id, { redirect_uris: ["/callback"] }))],
    [
      "a redirect URI with a fragment",
      (id) => Response.json(claudeCodeLike(id, { redirect_uris: ["http://127.0.0.1/callback#x"] })),
    ],
    [
      "a client name one character too long",
      (id) => Response.json(claudeCodeLike(id, { client_name: "n".repeat(CLIENT_METADATA_LIMITS.maxNameChars + 1) })),
    ],
    [
      "more redirect URIs than the cap",
      (id) =>
        Response.json(
          claudeCodeLike(id, {
            redirect_uris: Array.from(
              { length: CLIENT_METADATA_LIMITS.maxRedirectUris + 1 },
              (_, i) => `http://127.0.0.1:${40000 + i}/cb`,
            ),
          }),
        ),
    ],
    [
      "a redirect URI one character over the cap",
      (id) =>
        Response.json(
          claudeCodeLike(id, {
            redirect_uris: [
              `http://127.0.0.1/${"p".repeat(CLIENT_METADATA_LIMITS.maxUriChars - "http://127.0.0.1/".length + 1)}`,
            ],
          }),
        ),
    ],
    [
      "a logo URI one character over the cap",
      (id) =>
        Response.json(
          claudeCodeLike(id, {
            logo_uri: `https://app.example/${"p".repeat(CLIENT_METADATA_LIMITS.maxUriChars - "https://app.example/".length + 1)}`,
          }),
        ),
    ],
    ["a client name that is not a string", (id) => Response.json(claudeCodeLike(id, { client_name: 42 }))],
    ["no authorization_code grant", (id) => Response.json(claudeCodeLike(id, { grant_types: ["client_credentials"] }))],
  ];

  it.each(cases)("%s", async (_name, respond) => {
    const clientId = documentUrl();
    const fetched = serveDocuments(() => respond(clientId));
    await expectInvalidLink(clientId);
    expect(fetched).toEqual([clientId]);
    expect(await storedClient(clientId)).toBeNull();
  });

  it("a document host that never answers within the timeout", async () => {
    const clientId = documentUrl();
    // Like a real connection that never answers: only the abort ends it.
    serveDocuments(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
        ),
    );
    const request = new Request(
      `http://localhost${authorizeUrl({ clientId, redirectUri: "http://127.0.0.1:1/callback" }, "c")}`,
    );
    expect(await resolveLoopbackClientMetadata({ request, kv: env.OAUTH_KV, timeoutMs: 50 })).toBe("refused");
    expect(await storedClient(clientId)).toBeNull();
  });
});

describe("client ids and requests that are never resolved here", () => {
  it("leaves a plain-http client id on a host that is not loopback to the provider, unfetched", async () => {
    const fetched = serveDocuments(() => Response.json({}));
    const clientId = "http://clients.example.com/oauth/client.json";
    await expectInvalidLink(clientId);
    expect(fetched).toEqual([]);
    expect(await storedClient(clientId)).toBeNull();
  });

  it("does nothing when the request did not arrive on a loopback host (production)", async () => {
    const clientId = documentUrl();
    const fetched = serveJson({ [clientId]: claudeCodeLike(clientId) });
    await expectInvalidLink(clientId, "https://connector.example.com");
    expect(fetched).toEqual([]);
    expect(await storedClient(clientId)).toBeNull();
  });

  it("recognises only http URLs on loopback hosts with a path and no dot segments", () => {
    for (const id of [
      `${DOCUMENT_ORIGIN}/a.json`,
      "http://localhost/meta",
      "http://[::1]:9/x/y",
      "http://127.1.2.3/m?v=1",
    ])
      expect(isLoopbackDocumentUrl(id), id).toBe(true);
    for (const id of [
      "https://127.0.0.1/a.json",
      "http://127.0.0.1",
      "http://127.0.0.1/",
      "http://127.0.0.1?x=/a",
      "http://127.0.0.1/a/../b",
      "http://127.0.0.1/a/%2E%2e/b",
      "http://user@127.0.0.1/a",
      "http://127.0.0.1/a#f",
      " http://127.0.0.1/a",
      "http://example.com/a",
      "abc123",
    ]) {
      expect(isLoopbackDocumentUrl(id), id).toBe(false);
    }
  });
});
