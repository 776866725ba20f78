/**
 * The consent transaction the handle names decides everything a POST /authorize does: the client,
 * its redirect, its state and the scopes it may be granted. Neither the URL the form is posted to
 * nor any form field but the handle (and the ticked boxes, within what was asked) counts.
 */
import { describe, expect, it } from "vitest";
import {
  ALL_SCOPES,
  beginAuthorization,
  codeFrom,
  exchangeCode,
  nextForm,
  ORIGIN,
  registerClient,
  submitConsent,
} from "../helpers/worker";

function checkboxes(html: string): string[] {
  return [...html.matchAll(/<input type="checkbox" name="scope" value="([^"]+)"/g)].map((match) => match[1] ?? "");
}

async function grantedScopes(
  response: Response,
  client: { clientId: string; redirectUri: string },
  verifier: string,
): Promise<string[]> {
  const tokens = (await (await exchangeCode(client, await codeFrom(response), verifier)).json()) as { scope: string };
  return tokens.scope.split(" ").sort();
}

describe("a consent form posted to another client's authorize URL", () => {
  // Regression: the offered scopes were read from the posted URL, so a handle from a read-only
  // request, posted to the URL of a client that asked for everything, granted the first client
  // every scope.
  it("grants only what the handle's own transaction asked for, to its own redirect and state", async () => {
    const reader = await registerClient("Reader", "http://127.0.0.1:43121/cb");
    const greedy = await registerClient("Greedy", "http://127.0.0.1:43122/cb");
    const { form, verifier } = await beginAuthorization(reader, { scope: "session:read", state: "reader-state" });
    const greedyUrl = (await beginAuthorization(greedy)).form.url;

    const approved = await submitConsent({ ...form, url: greedyUrl }, { scopes: ALL_SCOPES });
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers.get("Location") ?? "", ORIGIN);
    expect(`${location.origin}${location.pathname}`).toBe(reader.redirectUri);
    expect(location.searchParams.get("state")).toBe("reader-state");
    expect(await grantedScopes(approved, reader, verifier)).toEqual(["session:read"]);
  });

  it("re-shows the page of the handle's client after a wrong passphrase, not the URL's", async () => {
    const reader = await registerClient("Reader App", "http://127.0.0.1:43123/cb");
    const greedy = await registerClient("Greedy App", "http://127.0.0.1:43124/cb");
    const { form, verifier } = await beginAuthorization(reader, { scope: "session:read offline_access" });
    const greedyUrl = (await beginAuthorization(greedy)).form.url;

    const wrong = await submitConsent({ ...form, url: greedyUrl }, { passphrase: "wrong", ip: "198.51.100.77" });
    expect(wrong.status).toBe(401);
    const again = await nextForm({ ...form, url: greedyUrl }, wrong);
    expect(again.html).toContain("Reader App");
    expect(again.html).not.toContain("Greedy App");
    expect(checkboxes(again.html)).toEqual(["session:read"]);

    const approved = await submitConsent(again, { scopes: ALL_SCOPES, ip: "198.51.100.77" });
    expect(await grantedScopes(approved, reader, verifier)).toEqual(["offline_access", "session:read"]);
  });

  it("needs no authorization request in the URL at all", async () => {
    const client = await registerClient();
    const { form, verifier } = await beginAuthorization(client, {
      scope: "session:read session:write",
      state: "bare-post",
    });
    const approved = await submitConsent({ ...form, url: "/authorize" }, { scopes: ["session:write"] });
    const location = new URL(approved.headers.get("Location") ?? "", ORIGIN);
    expect(location.searchParams.get("state")).toBe("bare-post");
    expect(await grantedScopes(approved, client, verifier)).toEqual(["session:write"]);
  });
});
