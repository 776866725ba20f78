/**
 * The consent page and its form: what it shows (client, redirect host, scopes), how it resists
 * framing, script injection and cross-site posts, and what each decision produces.
 */
import { describe, expect, it } from "vitest";
import {
  ALL_SCOPES,
  beginAuthorization,
  callTool,
  codeFrom,
  exchangeCode,
  nextForm,
  ORIGIN,
  openSession,
  PASSPHRASE,
  postConsentForm,
  registerClient,
  rpc,
  send,
  signIn,
  submitConsent,
} from "../helpers/worker";

function checkboxes(html: string): string[] {
  return [...html.matchAll(/<input type="checkbox" name="scope" value="([^"]+)"/g)].map((match) => match[1] ?? "");
}

async function expectMessagePage(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get("Location")).toBeNull();
  expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
  const html = await response.text();
  expect(html).not.toContain('name="handle"');
  return html;
}

describe("consent page", () => {
  it("has the passphrase field, both buttons and a ticked checkbox per requested scope", async () => {
    const { form } = await beginAuthorization(await registerClient());
    expect(form.status).toBe(200);
    expect(form.handle).not.toBe("");
    expect(form.html).toMatch(/<input[^>]*type="password"[^>]*name="passphrase"/);
    expect(form.html).toMatch(/<button[^>]*name="decision" value="approve"/);
    expect(form.html).toMatch(/<button[^>]*name="decision" value="deny"/);
    expect(checkboxes(form.html)).toEqual(ALL_SCOPES);
    expect(form.html).toMatch(/value="session:read" checked/);
    expect(form.html).toMatch(/value="session:write" checked/);
    expect(form.html).not.toContain('value="offline_access"');
  });

  it("offers only the scopes the client asked for", async () => {
    const { form } = await beginAuthorization(await registerClient(), { scope: "session:read offline_access" });
    expect(checkboxes(form.html)).toEqual(["session:read"]);
  });

  it("offers every scope when the client asked for none it knows", async () => {
    const { form } = await beginAuthorization(await registerClient(), { scope: "" });
    expect(form.status).toBe(200);
    expect(checkboxes(form.html)).toEqual(ALL_SCOPES);
  });

  it("shows where the access goes, and warns about a program on this computer", async () => {
    const local = await beginAuthorization(await registerClient("Local App", "http://127.0.0.1:43999/cb"));
    expect(local.form.html).toContain("<code>127.0.0.1</code>");
    expect(local.form.html).toContain("program on this computer");

    const hosted = await beginAuthorization(
      await registerClient("Hosted App", "https://app.example.net/oauth/callback"),
    );
    expect(hosted.form.html).toContain("<code>app.example.net</code>");
    expect(hosted.form.html).not.toContain("program on this computer");
    expect(hosted.form.html).not.toContain("does not use HTTPS");
  });

  it("is sent with anti-framing, no-store and a binding cookie", async () => {
    const client = await registerClient();
    const response = await send((await beginAuthorization(client)).form.url);
    await response.text();
    expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("Content-Security-Policy")).toMatch(/(^|;)\s*default-src 'none'/);
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    const cookies = response.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/^__Host-/);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    }
  });

  it("lets the form post back to the client's callback origin (CSP form-action), and nowhere else", async () => {
    const response = await send(
      (await beginAuthorization(await registerClient("Hosted App", "https://app.example.net/cb"))).form.url,
    );
    await response.text();
    const formAction = (response.headers.get("Content-Security-Policy") ?? "")
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("form-action"));
    expect(formAction?.split(/\s+/).sort()).toEqual(["'self'", "form-action", "https://app.example.net"].sort());
  });

  it("escapes a hostile client name", async () => {
    const name = "<script>alert(1)</script><img src=x onerror=alert(1)>";
    const { form } = await beginAuthorization(await registerClient(name));
    expect(form.status).toBe(200);
    expect(form.html.toLowerCase()).not.toContain("<script");
    expect(form.html.toLowerCase()).not.toContain("<img");
    expect(form.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("cannot be reached for a non-loopback http redirect: registration refuses it with an RFC 7591 error", async () => {
    const response = await send("/register", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        client_name: "Plain HTTP",
        redirect_uris: ["http://example.com/cb"],
        token_endpoint_auth_method: "none",
      }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: string; error_description?: string };
    expect(["invalid_redirect_uri", "invalid_client_metadata"]).toContain(body.error);
    expect(typeof body.error_description).toBe("string");
  });

  it("refuses an unregistered redirect_uri without redirecting to it", async () => {
    const client = await registerClient();
    const { form } = await beginAuthorization({ ...client, redirectUri: "https://attacker.example/cb" });
    expect(form.status).toBe(400);
    expect(form.handle).toBe("");
  });
});

describe("deny", () => {
  it("redirects with error=access_denied and the state, and the handle is spent", async () => {
    const client = await registerClient();
    const { form } = await beginAuthorization(client, { state: "deny-state-42" });
    const denied = await submitConsent(form, { decision: "deny", passphrase: "" });
    expect(denied.status).toBe(302);
    const location = new URL(denied.headers.get("Location") ?? "", ORIGIN);
    expect(`${location.origin}${location.pathname}`).toBe(client.redirectUri);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("deny-state-42");
    expect(location.searchParams.get("code")).toBeNull();

    await expectMessagePage(await submitConsent(form, { decision: "deny" }), 400);
    await expectMessagePage(await submitConsent(form, { decision: "approve" }), 400);
  });
});

describe("approve", () => {
  it("spends the handle: a second approval is a 400 page, not a second code", async () => {
    const { form } = await beginAuthorization(await registerClient());
    await codeFrom(await submitConsent(form));
    await expectMessagePage(await submitConsent(form), 400);
  });
});

describe("cross-site and malformed posts", () => {
  it("refuses a post without the consent cookie (CSRF), even with the right passphrase", async () => {
    const { form } = await beginAuthorization(await registerClient());
    await expectMessagePage(await submitConsent({ ...form, cookie: "" }), 400);
    await expectMessagePage(await submitConsent({ ...form, cookie: "" }, { decision: "deny" }), 400);
    // The handle still belongs to the real browser.
    await codeFrom(await submitConsent(form));
  });

  it("refuses a handle posted with another transaction's cookie", async () => {
    const client = await registerClient();
    const victim = (await beginAuthorization(client)).form;
    const attacker = (await beginAuthorization(client)).form;
    await expectMessagePage(await submitConsent({ ...victim, cookie: attacker.cookie }), 400);
  });

  it("refuses a missing or unknown decision with a 400 page", async () => {
    const { form } = await beginAuthorization(await registerClient());
    const base: [string, string][] = [
      ["handle", form.handle],
      ["passphrase", PASSPHRASE],
      ["scope", "session:read"],
    ];
    await expectMessagePage(await postConsentForm(form, base), 400);
    await expectMessagePage(await postConsentForm(form, [...base, ["decision", "allow"]]), 400);
    await expectMessagePage(await postConsentForm(form, [...base, ["decision", ""]]), 400);
    // Nothing was spent.
    await codeFrom(await submitConsent(form));
  });

  it("refuses a post without a handle", async () => {
    const { form } = await beginAuthorization(await registerClient());
    await expectMessagePage(
      await postConsentForm(form, [
        ["decision", "approve"],
        ["passphrase", PASSPHRASE],
        ["scope", "session:read"],
      ]),
      400,
    );
  });

  it("refuses a consent form larger than 16 KiB that declares its length", async () => {
    const { form } = await beginAuthorization(await registerClient());
    const response = await postConsentForm(form, [
      ["handle", form.handle],
      ["decision", "approve"],
      ["passphrase", PASSPHRASE],
      ["pad", "a".repeat(64 * 1024)],
    ]);
    expect(response.status).toBe(413);
    await response.text();
  });

  // Regression: the cap once read only Content-Length, so a chunked body was parsed whatever its size.
  it("refuses a consent form larger than 16 KiB sent without Content-Length", async () => {
    const { form } = await beginAuthorization(await registerClient());
    const bytes = new TextEncoder().encode(
      new URLSearchParams({
        handle: form.handle,
        decision: "approve",
        passphrase: "x",
        pad: "a".repeat(64 * 1024),
      }).toString(),
    );
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 1024));
        controller.enqueue(bytes.slice(1024));
        controller.close();
      },
    });
    const response = await send(form.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: form.cookie,
        "CF-Connecting-IP": "192.0.2.200",
      },
      body,
    });
    expect(response.status).toBe(413);
    await response.text();
  });
});

describe("scope choice", () => {
  it("re-shows the form with an error when no scope is ticked, with a fresh handle that works", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client);
    const none = await submitConsent(form, { scopes: [] });
    expect(none.status).toBe(400);
    expect(none.headers.get("Location")).toBeNull();
    const again = await nextForm(form, none);
    const html = again.html;
    expect(html).toContain('role="alert"');
    expect(again.handle).not.toBe("");
    expect(again.handle).not.toBe(form.handle);
    expect(html).toMatch(/type="password"[^>]*name="passphrase"/);
    expect(checkboxes(html)).toEqual(ALL_SCOPES);
    expect(html).not.toMatch(/value="session:(read|write)" checked/);
    // The spent handle is refused; the page's new one completes the consent.
    await expectMessagePage(await submitConsent(form, { scopes: ["session:write"] }), 400);

    const tokens = (await (
      await exchangeCode(client, await codeFrom(await submitConsent(again, { scopes: ["session:write"] })), verifier)
    ).json()) as { scope: string };
    expect(tokens.scope.split(" ").sort()).toEqual(["offline_access", "session:write"]);
  });

  it("ignores scopes the page did not offer", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client, { scope: "session:read offline_access" });
    const approved = await submitConsent(form, { scopes: ["session:read", "session:write", "admin:all"] });
    const tokens = (await (await exchangeCode(client, await codeFrom(approved), verifier)).json()) as { scope: string };
    expect(tokens.scope.split(" ").sort()).toEqual(["offline_access", "session:read"]);
  });

  it("grants offline_access only when the client asked for it", async () => {
    const { tokens } = await signIn({ requestScope: "session:read session:write" });
    expect(tokens.scope?.split(" ").sort()).toEqual(["session:read", "session:write"]);
  });

  it("a read-only grant lists only read tools, and a write tool's call names the missing scope", async () => {
    const { tokens } = await signIn({ scopes: ["session:read"] });
    expect(tokens.scope?.split(" ").sort()).toEqual(["offline_access", "session:read"]);

    const sessionId = await openSession(tokens.access_token);
    const list = await rpc(tokens.access_token, sessionId, "tools/list");
    expect(list.result.tools.map((tool: { name: string }) => tool.name).sort()).toEqual([
      "session_info",
      "session_recall",
    ]);

    const refused = await callTool(tokens.access_token, sessionId, "session_remember", { key: "k", value: "v" });
    expect(refused.result?.isError).toBe(true);
    const text = (refused.result?.content ?? []).map((item: { text?: string }) => item.text ?? "").join("\n");
    expect(text).toContain("session:write");

    const allowed = await callTool(tokens.access_token, sessionId, "session_recall", { key: "k" });
    expect(allowed.result?.isError).toBeFalsy();
  });
});
