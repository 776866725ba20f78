/**
 * The consent page's shortcuts and facts, through the real worker: "Only read access" re-renders
 * the page with only read-only scopes ticked (no scripts: the page's CSP forbids them), and the page
 * says how long access lasts, from the lifetimes the OAuth provider is configured with.
 */
import { describe, expect, it } from "vitest";
import { TOKEN_LIFETIMES } from "../../src/auth/token-lifetimes";
import {
  ALL_SCOPES,
  beginAuthorization,
  codeFrom,
  exchangeCode,
  nextForm,
  postConsentForm,
  registerClient,
  signIn,
  submitConsent,
} from "../helpers/worker";

/** Scopes whose tools change nothing (the requirement, not read from src). */
const READ_ONLY = ["workspace:read", "session:read", "weather:read", "calc:use", "notify:read"];

function ticked(html: string): string[] {
  return [...html.matchAll(/<input type="checkbox" name="scope" value="([^"]+)" checked/g)].map(
    (match) => match[1] ?? "",
  );
}

describe("Only read access", () => {
  it("re-shows the page with only the read-only scopes ticked, and approving grants just those", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client);
    expect(form.html).toMatch(/<button[^>]*value="read-only"/);
    const shown = await postConsentForm(
      form,
      [
        ["handle", form.handle],
        ["decision", "read-only"],
        ["passphrase", "typed too early"],
      ],
      { "CF-Connecting-IP": "192.0.2.90" },
    );
    expect(shown.status).toBe(200);
    const again = await nextForm(form, shown);
    expect(ticked(again.html).sort()).toEqual([...READ_ONLY].sort());
    expect(again.html).not.toContain('role="alert"');
    expect(again.html).not.toContain("<script");

    const approved = await submitConsent(again, { scopes: ticked(again.html) });
    const tokens = (await (await exchangeCode(client, await codeFrom(approved), verifier)).json()) as { scope: string };
    expect(tokens.scope.split(" ").sort()).toEqual([...READ_ONLY, "offline_access"].sort());
  });

  it("keeps within what the client asked for", async () => {
    const { form } = await beginAuthorization(await registerClient(), {
      scope: "session:read session:write workspace:write",
    });
    const again = await nextForm(
      form,
      await postConsentForm(form, [
        ["handle", form.handle],
        ["decision", "read-only"],
      ]),
    );
    expect(ticked(again.html)).toEqual(["session:read"]);
  });

  it("is refused without the consent cookie (CSRF), like every form", async () => {
    const { form } = await beginAuthorization(await registerClient());
    const response = await postConsentForm({ ...form, cookie: "" }, [
      ["handle", form.handle],
      ["decision", "read-only"],
    ]);
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('name="handle"');
  });
});

describe("how long access lasts", () => {
  it("is on the page, and is what the token endpoint grants", async () => {
    const { form } = await beginAuthorization(await registerClient());
    const hours = TOKEN_LIFETIMES.accessTokenSeconds / 3600;
    const days = TOKEN_LIFETIMES.refreshTokenSeconds / 86400;
    expect(form.html).toContain(`${hours} hour${hours === 1 ? "" : "s"}`);
    expect(form.html).toContain(`${days} days`);
    const { tokens } = await signIn({ scopes: ALL_SCOPES });
    expect(tokens.expires_in).toBe(TOKEN_LIFETIMES.accessTokenSeconds);
  });
});
