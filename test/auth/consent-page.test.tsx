/**
 * The consent page component on its own, for the cases the provider never lets a request reach
 * (a plain-http, non-loopback redirect is refused at registration) and for the escaping of every
 * client-supplied string.
 */
import type { ConsentDescription } from "@cloudflare/workers-oauth-provider";
import { describe, expect, it } from "vitest";
import { ConsentPage, type ConsentPageProps } from "../../src/web/consent-page";
import { SignInErrorPage } from "../../src/web/sign-in-error-page";

const SCOPES = [
  { scope: "session:read", description: "Read things", checked: true, readOnly: true },
  { scope: "session:write", description: "Write things", checked: false, readOnly: false },
];
const LIFETIME = { accessTokenSeconds: 3600, refreshTokenSeconds: 30 * 86400 };

function render(consent: Partial<ConsentDescription>, error?: string, extra: Partial<ConsentPageProps> = {}): string {
  const full: ConsentDescription = {
    clientId: "client-1",
    clientName: "Some App",
    redirectUri: "https://app.example/cb",
    redirectHost: "app.example",
    redirectIsLoopback: false,
    scope: ["session:read", "session:write"],
    ...consent,
  };
  return String(
    <ConsentPage consent={full} handle="handle-1" scopes={SCOPES} error={error} lifetime={LIFETIME} {...extra} />,
  );
}

describe("ConsentPage", () => {
  it("warns when the access would travel over plain http to another machine", () => {
    const html = render({ redirectUri: "http://example.com/cb", redirectHost: "example.com" });
    expect(html).toContain("does not use HTTPS");
    expect(html).toContain("<code>example.com</code>");
  });

  it("does not warn about HTTPS for https or loopback redirects", () => {
    expect(render({})).not.toContain("does not use HTTPS");
    const loopback = render({
      redirectUri: "http://127.0.0.1:5000/cb",
      redirectHost: "127.0.0.1",
      redirectIsLoopback: true,
    });
    expect(loopback).not.toContain("does not use HTTPS");
    expect(loopback).toContain("program on this computer");
  });

  it("names a verified CIMD domain, and says an unverified name is self-chosen", () => {
    expect(render({ clientDomain: "claude.ai" })).toContain("Published by <strong>claude.ai</strong>");
    expect(render({})).toContain("chose this name itself");
  });

  it("escapes the client name, domain, redirect host and error", () => {
    const evil = `"><script>x()</script>`;
    const html = render({ clientName: evil, clientDomain: evil, redirectHost: evil }, evil);
    expect(html).not.toContain("<script>");
    expect(html.match(/&lt;script&gt;/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it("carries the handle as the only hidden field of each form and ticks only the checked scopes", () => {
    const html = render({});
    const hidden = [...html.matchAll(/<input type="hidden"[^>]*>/g)].map((match) => match[0]);
    expect(hidden.length).toBeGreaterThan(0);
    for (const field of hidden) expect(field).toContain('name="handle" value="handle-1"');
    expect(html.match(/<form /g)?.length).toBe(hidden.length);
    expect(html).toMatch(/value="session:read" checked/);
    expect(html).not.toMatch(/value="session:write" checked/);
  });

  it("names a client with a verified domain by that domain, prominently, and the redirect host too", () => {
    const html = render({
      clientName: "Claude",
      clientDomain: "claude.ai",
      redirectUri: "https://claude.ai/api/mcp/auth_callback",
      redirectHost: "claude.ai",
    });
    const header = html.slice(html.indexOf("<h1"), html.indexOf("<form"));
    expect(header).toMatch(/class="who"[^>]*>[^]*<strong>claude\.ai<\/strong>/);
    expect(html).not.toContain("imitate");
    expect(html).not.toContain("not Claude");
  });
});

/** The text of the page's h1 and <title>: where the client's name is shown. */
function shownName(html: string): { title: string; heading: string } {
  return {
    title: /<title>([^]*?)<\/title>/.exec(html)?.[1] ?? "",
    heading: /<h1[^>]*>([^]*?)<\/h1>/.exec(html)?.[1] ?? "",
  };
}

describe("ConsentPage with a hostile client name", () => {
  it("shortens a 10,000-character name and says it did", () => {
    const html = render({ clientName: "A".repeat(10_000) });
    const { title, heading } = shownName(html);
    expect(heading.length).toBeLessThan(200);
    expect(title.length).toBeLessThan(200);
    expect(heading).toContain("…");
    expect(html).toContain("10,000 characters");
    expect(html.length).toBeLessThan(12_000);
  });

  it("shows line breaks, direction overrides and zero-width characters as visible marks, with a warning", () => {
    for (const name of [
      "Good App\nVerified by Anthropic",
      "\u202Eexe.ppA dooG",
      "Go\u200Bod\u200D App\uFEFF",
      "Tab\tApp\u2066",
    ]) {
      const html = render({ clientName: name });
      const { title, heading } = shownName(html);
      for (const shown of [title, heading]) {
        expect(shown, JSON.stringify(name)).not.toMatch(/[\n\t\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/);
        expect(shown, JSON.stringify(name)).toContain("\uFFFD");
      }
      expect(html, JSON.stringify(name)).toContain("invisible or control characters");
    }
  });

  it("isolates right-to-left names so they cannot reorder the text around them", () => {
    const html = render({ clientName: "تطبيق" });
    expect(shownName(html).heading).toMatch(/<bdi[^>]*>تطبيق<\/bdi>/);
    expect(html).not.toContain("invisible or control characters");
  });

  it("warns when a name imitates Claude with look-alike or hidden characters, wherever access goes", () => {
    for (const name of ["\u0421laude", "CIaude", "Cl\u200Baude", "Ｃｌａｕｄｅ", "C l a u d e"]) {
      const html = render({ clientName: name, redirectUri: "https://claude.ai/cb", redirectHost: "claude.ai" });
      expect(html, name).toContain("imitates");
    }
  });

  it("warns when an unverified app calls itself Claude but access goes elsewhere", () => {
    const html = render({ clientName: "Claude", redirectUri: "https://evil.example/cb", redirectHost: "evil.example" });
    expect(html).toMatch(/calls itself[^]*Claude[^]*evil\.example/);
  });

  it("does not warn about Claude's own callback or a plain unrelated name", () => {
    expect(
      render({
        clientName: "Claude",
        redirectUri: "https://claude.ai/api/mcp/auth_callback",
        redirectHost: "claude.ai",
      }),
    ).not.toMatch(/imitates|calls itself/);
    expect(
      render({
        clientName: "Claude",
        redirectUri: "https://claude.com/api/mcp/auth_callback",
        redirectHost: "claude.com",
      }),
    ).not.toMatch(/imitates|calls itself/);
    expect(render({ clientName: "Notes Sync" })).not.toMatch(/imitates|calls itself/);
  });
});

describe("ConsentPage layout", () => {
  it("has no autofocus, which would scroll who is asking out of view", () => {
    expect(render({})).not.toContain("autofocus");
  });

  it("puts an error right under the header, before the warnings and the permissions", () => {
    const html = render(
      { redirectUri: "http://127.0.0.1:5000/cb", redirectHost: "127.0.0.1", redirectIsLoopback: true },
      "That passphrase is not right.",
    );
    const error = html.indexOf('role="alert"');
    expect(error).toBeGreaterThan(html.indexOf("</h1>"));
    expect(error).toBeLessThan(html.indexOf("program on this computer"));
    expect(error).toBeLessThan(html.indexOf("It will be able to"));
  });

  it("says how long access lasts, from the token lifetimes it is given", () => {
    expect(render({})).toMatch(/1 hour[^]*30 days/);
    expect(render({}, undefined, { lifetime: { accessTokenSeconds: 7200, refreshTokenSeconds: 7 * 86400 } })).toMatch(
      /2 hours[^]*7 days/,
    );
  });

  it("offers to tick only read access, as a scriptless button posting the handle in its own form", () => {
    const html = render({});
    const button = /<button[^>]*value="read-only"[^>]*>/.exec(html)?.[0] ?? "";
    expect(button).toContain('form="read-only"');
    expect(button).toContain('name="decision"');
    expect(html).toMatch(
      /<form [^>]*id="read-only"[^>]*method="post"[^>]*>\s*<input type="hidden" name="handle" value="handle-1"/,
    );
    expect(html).not.toContain("<script");
    // Enter in the passphrase field submits the main form's first button: Approve, not this one.
    const main = html.slice(html.indexOf("<form"), html.indexOf("</form>"));
    expect(
      /<button[^>]*type="submit"[^>]*>/.exec(main.replace(/<button[^>]*form="read-only"[^>]*>/g, ""))?.[0],
    ).toContain('value="approve"');
  });

  it("does not offer read-only access when every offered scope is read-only, or none is", () => {
    const readOnly = [{ scope: "session:read", description: "Read", checked: true, readOnly: true }];
    const writeOnly = [{ scope: "session:write", description: "Write", checked: true, readOnly: false }];
    expect(render({}, undefined, { scopes: readOnly })).not.toContain('value="read-only"');
    expect(render({}, undefined, { scopes: writeOnly })).not.toContain('value="read-only"');
  });

  it("disables the passphrase and its Approve button while locked, but not Deny", () => {
    const html = render({}, "Too many wrong passphrases. Try again in 12 minutes.", {
      signIn: { passphrase: true, passphraseLocked: true, upstream: [], offerRemember: false },
    });
    expect(html).toMatch(/<button[^>]*value="approve"[^>]*disabled/);
    expect(html).toMatch(/<input[^>]*name="passphrase"[^>]*disabled/);
    expect(html).not.toMatch(/<button[^>]*value="deny"[^>]*disabled/);
    expect(html).toContain("Some App");
  });
});

describe("SignInErrorPage", () => {
  it("names the app in its return link the same safe way", () => {
    const html = String(
      <SignInErrorPage
        title="Not admitted"
        message="No."
        returnTo="https://app.example/cb?error=access_denied"
        clientName={`\u202E${"B".repeat(500)}`}
      />,
    );
    const link = /<a [^>]*>([^]*?)<\/a>/.exec(html)?.[1] ?? "";
    expect(link).not.toContain("\u202E");
    expect(link).toContain("\uFFFD");
    expect(link.length).toBeLessThan(200);
  });
});
