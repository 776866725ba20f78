/**
 * The consent page component on its own, for the cases the provider never lets a request reach
 * (a plain-http, non-loopback redirect is refused at registration) and for the escaping of every
 * client-supplied string.
 */
import type { ConsentDescription } from "@cloudflare/workers-oauth-provider";
import { describe, expect, it } from "vitest";
import { ConsentPage } from "../../src/web/consent-page";

const SCOPES = [
  { scope: "session:read", description: "Read things", checked: true },
  { scope: "session:write", description: "Write things", checked: false },
];

function render(consent: Partial<ConsentDescription>, error?: string): string {
  const full: ConsentDescription = {
    clientId: "client-1",
    clientName: "Some App",
    redirectUri: "https://app.example/cb",
    redirectHost: "app.example",
    redirectIsLoopback: false,
    scope: ["session:read", "session:write"],
    ...consent,
  };
  return String(<ConsentPage consent={full} handle="handle-1" scopes={SCOPES} error={error} />);
}

describe("ConsentPage", () => {
  it("warns when the access would travel over plain http to another machine", () => {
    const html = render({ redirectUri: "http://example.com/cb", redirectHost: "example.com" });
    expect(html).toContain("does not use HTTPS");
    expect(html).toContain("<code>example.com</code>");
  });

  it("does not warn about HTTPS for https or loopback redirects", () => {
    expect(render({})).not.toContain("does not use HTTPS");
    const loopback = render({ redirectUri: "http://127.0.0.1:5000/cb", redirectHost: "127.0.0.1", redirectIsLoopback: true });
    expect(loopback).not.toContain("does not use HTTPS");
    expect(loopback).toContain("program on this computer");
  });

  it("names a verified CIMD domain, and says an unverified name is self-chosen", () => {
    expect(render({ clientDomain: "claude.ai" })).toContain("Published by claude.ai");
    expect(render({})).toContain("chose this name itself");
  });

  it("escapes the client name, domain, redirect host and error", () => {
    const evil = `"><script>x()</script>`;
    const html = render({ clientName: evil, clientDomain: evil, redirectHost: evil }, evil);
    expect(html).not.toContain("<script>");
    expect(html.match(/&lt;script&gt;/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it("carries the handle as the only hidden field and ticks only the checked scopes", () => {
    const html = render({});
    expect(html.match(/type="hidden"/g)).toHaveLength(1);
    expect(html).toContain('name="handle" value="handle-1"');
    expect(html).toMatch(/value="session:read" checked/);
    expect(html).not.toMatch(/value="session:write" checked/);
  });
});
