/**
 * One canonical host name for every host check. `localhost.` is the absolute form of `localhost`
 * (RFC 1034 §3.1) and resolves to the same place, and host names are case-insensitive (RFC 4343):
 * every check — loopback, private names and addresses, channel URLs, identity-provider URLs,
 * loopback metadata documents, browser origins, the plain-http gate — must see them as the same host.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { refuseUrl } from "../../src/auth/outbound";
import { readConfig } from "../../src/config";
import { canonicalHostName, isLoopbackHost, isLoopbackResourceHost } from "../../src/lib/host-name";
import { privateAddressReason, privateHostReason } from "../../src/lib/outbound-address";
import { checkChannelUrl } from "../../src/notify/url-guard";
import { isLoopbackDocumentUrl } from "../../src/worker/loopback-cimd";
import { isAllowedOrigin } from "../../src/worker/origin-guard";

describe("canonicalHostName", () => {
  it.each([
    ["localhost", "localhost"],
    ["LOCALHOST.", "localhost"],
    ["Example.COM.", "example.com"],
    ["[::1]", "::1"],
    ["127.0.0.1.", "127.0.0.1"],
    // Only one dot is the root label; anything else is not a host name and stays as it is.
    ["example.com..", "example.com.."],
  ])("%s → %s", (host, expected) => {
    expect(canonicalHostName(host)).toBe(expected);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["localhost", true],
    ["localhost.", true],
    ["LOCALHOST", true],
    ["LocalHost.", true],
    ["app.localhost", true],
    ["app.localhost.", true],
    ["127.0.0.1", true],
    ["127.0.0.1.", true],
    ["127.1.2.3", true],
    ["[::1]", true],
    ["::1", true],
    ["localhost.evil.example", false],
    ["localhost.evil.example.", false],
    ["128.0.0.1", false],
    ["127.0.0.256", false],
    ["example.com", false],
    ["example.com.", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it("accepts as a plain-http OAuth resource only the names the OAuth provider accepts", () => {
    for (const host of ["localhost", "127.0.0.1", "127.8.9.10", "[::1]"])
      expect(isLoopbackResourceHost(host), host).toBe(true);
    for (const host of ["a.localhost", "localhost.", "127.0.0.1.", "LOCALHOST", "example.com"])
      expect(isLoopbackResourceHost(host), host).toBe(false);
  });
});

describe("private names and addresses", () => {
  it.each([
    "localhost.",
    "LOCALHOST.",
    "metadata.google.internal.",
    "Metadata.Google.Internal",
    "printer.local.",
    "router.home.arpa.",
    "api.localhost.",
    "intranet.",
  ])("%s is not a public host", (host) => {
    expect(privateHostReason(host)).toBeDefined();
  });

  it("judges dotted addresses with a trailing dot by their address", () => {
    expect(privateHostReason("127.0.0.1.")).toMatch(/loopback/);
    expect(privateHostReason("10.0.0.1.")).toMatch(/private/);
    expect(privateAddressReason("169.254.169.254.")).toMatch(/link-local/);
    expect(privateHostReason("1.1.1.1.")).toBeUndefined();
  });

  it("still accepts public names, with or without the root dot", () => {
    expect(privateHostReason("example.com")).toBeUndefined();
    expect(privateHostReason("Example.COM.")).toBeUndefined();
  });
});

describe("channel URLs (notifications)", () => {
  const production = { allowLoopback: false };
  it.each([
    "https://localhost./x",
    "https://LOCALHOST./x",
    "https://metadata.google.internal./computeMetadata/v1/",
    "https://127.0.0.1./x",
    "https://api.localhost./x",
  ])("refuses %s", (url) => {
    expect(checkChannelUrl("webhook", url, production).ok).toBe(false);
  });

  it("treats a root dot on a service host as that host", () => {
    expect(checkChannelUrl("slack", "https://hooks.slack.com./services/T0001/B0001/abcdEFGHijkl", production).ok).toBe(
      true,
    );
    expect(checkChannelUrl("slack", "https://HOOKS.SLACK.COM/services/T0001/B0001/abcdEFGHijkl", production).ok).toBe(
      true,
    );
  });
});

describe("identity-provider URLs", () => {
  it("refuses loopback with a root dot or in capitals", () => {
    for (const url of ["https://localhost./", "https://LOCALHOST./", "https://app.localhost./"]) {
      expect(refuseUrl(new URL(url), { allowLoopbackHttp: false }), url).toMatch(/this machine/);
    }
    expect(refuseUrl(new URL("http://localhost.:9000/"), { allowLoopbackHttp: true })).toBeUndefined();
    // Private names stay allowed there (an operator may run an internal provider); private addresses do not.
    expect(refuseUrl(new URL("https://169.254.169.254./"), { allowLoopbackHttp: false })).toMatch(/private/);
  });
});

describe("loopback client metadata documents", () => {
  it("recognises a loopback document URL whatever the spelling of the host", () => {
    expect(isLoopbackDocumentUrl("http://localhost./client.json")).toBe(true);
    expect(isLoopbackDocumentUrl("http://LOCALHOST:4000/client.json")).toBe(true);
    expect(isLoopbackDocumentUrl("http://localhost.evil.example./client.json")).toBe(false);
  });
});

describe("browser origins on a loopback server", () => {
  it("allows a loopback page whatever the spelling of its host", () => {
    const config = readConfig({});
    for (const origin of ["http://localhost.:5173", "http://LOCALHOST:5173", "http://app.localhost.:5173"]) {
      const request = new Request("http://localhost:8787/mcp", { headers: { Origin: origin } });
      expect(isAllowedOrigin(request, config), origin).toBe(true);
    }
    const foreign = new Request("http://localhost:8787/mcp", { headers: { Origin: "http://localhost.evil.example." } });
    expect(isAllowedOrigin(foreign, config)).toBe(false);
  });
});

describe("Host headers the OAuth provider cannot serve as a resource", () => {
  it.each([
    "http://a.localhost/health",
    "http://a.localhost:8787/mcp",
    "http://localhost./health",
    "http://localhost.:8787/.well-known/oauth-protected-resource",
  ])("%s → 421 JSON, not a crash", async (url) => {
    const response = await exports.default.fetch(new Request(url));
    expect(response.status).toBe(421);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("misdirected_request");
    expect(body.message).toMatch(/localhost or 127\.0\.0\.1/);
  });

  it("still serves localhost in any case and 127.0.0.1 with a root dot (the URL parser folds both)", async () => {
    for (const url of ["http://LOCALHOST/health", "http://127.0.0.1./health"]) {
      const response = await exports.default.fetch(new Request(url));
      expect(response.status, url).toBe(200);
      await response.text();
    }
  });
});
