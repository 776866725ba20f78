/** The limits on every call to an identity provider, with the provider replaced at the network edge. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { discover } from "../../src/auth/oidc-discovery";
import { fetchJson, refuseUrl, UPSTREAM_MAX_BYTES, UpstreamUnavailable } from "../../src/auth/outbound";

const PRODUCTION = { allowLoopbackHttp: false };
const LOCAL = { allowLoopbackHttp: true };

function serve(handler: (url: URL) => Response): void {
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return url.hostname.endsWith(".test") ? handler(url) : original(input, init);
  });
}
afterEach(() => vi.restoreAllMocks());

describe("outbound rules", () => {
  it("allows HTTPS, and plain HTTP only to loopback while Outpost runs on loopback", () => {
    expect(refuseUrl(new URL("https://idp.example"), PRODUCTION)).toBeUndefined();
    expect(refuseUrl(new URL("http://idp.example"), LOCAL)).toMatch(/HTTPS/);
    expect(refuseUrl(new URL("http://127.0.0.1:9000"), PRODUCTION)).toMatch(/HTTPS/);
    expect(refuseUrl(new URL("http://127.0.0.1:9000"), LOCAL)).toBeUndefined();
    expect(refuseUrl(new URL("https://localhost"), PRODUCTION)).toMatch(/this machine/);
  });

  it("refuses private addresses and URLs with credentials", () => {
    for (const url of [
      "https://10.0.0.1",
      "https://192.168.1.1",
      "https://172.20.0.1",
      "https://169.254.169.254",
      "https://[fd00::1]",
      "https://[::ffff:10.0.0.1]",
    ]) {
      expect(refuseUrl(new URL(url), PRODUCTION), url).toMatch(/private/);
    }
    expect(refuseUrl(new URL("https://user:pw@idp.example"), PRODUCTION)).toMatch(/credentials/);
  });

  it("refuses redirects, oversized answers and 5xx, and returns 4xx bodies", async () => {
    serve((url) => {
      if (url.pathname === "/redirect")
        return new Response(null, { status: 302, headers: { Location: "https://10.0.0.1/" } });
      if (url.pathname === "/big") return new Response("x".repeat(UPSTREAM_MAX_BYTES + 1));
      if (url.pathname === "/exact") return Response.json({ pad: "x".repeat(UPSTREAM_MAX_BYTES - 12) });
      if (url.pathname === "/down") return new Response("oops", { status: 503 });
      return Response.json({ error: "invalid_grant" }, { status: 400 });
    });
    await expect(fetchJson("https://idp.test/redirect", {}, PRODUCTION)).rejects.toThrow(/redirect/);
    await expect(fetchJson("https://idp.test/big", {}, PRODUCTION)).rejects.toThrow(/more than/);
    expect((await fetchJson("https://idp.test/exact", {}, PRODUCTION)).status).toBe(200);
    await expect(fetchJson("https://idp.test/down", {}, PRODUCTION)).rejects.toBeInstanceOf(UpstreamUnavailable);
    expect(await fetchJson("https://idp.test/bad", {}, PRODUCTION)).toEqual({
      status: 400,
      body: { error: "invalid_grant" },
    });
  });
});

describe("OpenID discovery", () => {
  const settings = { clientId: "c", name: "IdP" };
  const document = (issuer: string, extra: Record<string, unknown> = {}) => ({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    ...extra,
  });

  it("requires the document to name exactly the configured issuer", async () => {
    serve(() => Response.json(document("https://other.test")));
    await expect(discover({ ...settings, issuer: "https://mismatch.test" }, PRODUCTION)).rejects.toThrow(
      /another issuer/,
    );
  });

  it("refuses endpoints that leave HTTPS or point at private addresses", async () => {
    serve((url) =>
      Response.json(
        document(url.origin, {
          token_endpoint: url.hostname === "plain.test" ? "http://plain.test/token" : "https://192.168.0.10/token",
        }),
      ),
    );
    await expect(discover({ ...settings, issuer: "https://plain.test" }, PRODUCTION)).rejects.toThrow(
      /token_endpoint was refused: it does not use HTTPS/,
    );
    await expect(discover({ ...settings, issuer: "https://private.test" }, PRODUCTION)).rejects.toThrow(
      /private network/,
    );
  });

  it("accepts only asymmetric ID token algorithms", async () => {
    serve((url) => Response.json(document(url.origin, { id_token_signing_alg_values_supported: ["HS256", "none"] })));
    await expect(discover({ ...settings, issuer: "https://hmac.test" }, PRODUCTION)).rejects.toThrow(/algorithms/);
  });
});
