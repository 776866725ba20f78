/**
 * Connected apps and Revoke: the console lists the owner's grants; revoking one ends its tokens at
 * once (the next MCP call gets 401) and its 2025-era sessions (the app's next session request, with
 * a new grant, gets 404), while another app's session is untouched.
 */
import { describe, expect, it } from "vitest";
import { OWNER_SUBJECT } from "../../../src/auth/passphrase";
import { encodeUserId } from "../../../src/mcp/props";
import { consoleFetch, consoleSignIn, postConsoleForm } from "../../helpers/console";
import { oauthHelpers } from "../../helpers/grants";
import { callTool, openSession, postMcp, registerClient, rpc, signIn } from "../../helpers/worker";

const OWNER = encodeUserId(OWNER_SUBJECT);

async function grantOf(clientId: string): Promise<string> {
  const grants = await oauthHelpers().listUserGrants(OWNER);
  const grant = grants.items.find((item) => item.clientId === clientId);
  if (!grant) throw new Error(`no grant for ${clientId}`);
  return grant.id;
}

describe("connected apps", () => {
  it("lists the app with its scopes, approval, identity and last tool call", async () => {
    const client = await registerClient("Listed <b>App</b>");
    const { tokens } = await signIn({ client, scopes: ["calc:use"] });
    const browser = await consoleSignIn(undefined, "198.51.100.40");
    let html = await (await consoleFetch(browser, "/account")).text();
    expect(html).toContain("Listed &lt;b&gt;App&lt;/b&gt;");
    expect(html).not.toContain("<b>App</b>");
    const section = html.slice(html.indexOf("Listed &lt;b&gt;"));
    expect(section).toContain("<code>calc:use</code>");
    expect(section).not.toContain("<code>notes:read</code>");
    expect(section).not.toContain("offline_access");
    expect(section).toMatch(/Approved<\/dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d UTC by Owner \(passphrase/);
    expect(section).toMatch(/Last tool call<\/dt><dd>none yet/);
    expect(section).toContain("not verified");

    const sessionId = await openSession(tokens.access_token);
    expect(
      (await callTool(tokens.access_token, sessionId, "calculate", { expression: "1+1" })).result.isError,
    ).toBeFalsy();
    await expect
      .poll(async () => {
        html = await (await consoleFetch(browser, "/account")).text();
        return html.slice(html.indexOf("Listed &lt;b&gt;"));
      })
      .toMatch(/Last tool call<\/dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });
});

describe("Revoke", () => {
  it("refuses the app's token at once and ends its sessions; another app's session goes on", async () => {
    const client = await registerClient("Revoked App");
    const { tokens } = await signIn({ client });
    const sessionId = await openSession(tokens.access_token);
    const bystander = await signIn();
    const bystanderSession = await openSession(bystander.tokens.access_token);
    expect((await rpc(tokens.access_token, sessionId, "ping")).result).toEqual({});

    const browser = await consoleSignIn(undefined, "198.51.100.41");
    const grantId = await grantOf(client.clientId);
    expect(await (await consoleFetch(browser, "/account")).text()).toContain(`value="${grantId}"`);
    const revoked = await postConsoleForm(browser, "/account/apps/revoke", { grant: grantId });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get("Location")).toBe("/account?revoked");
    const after = await (await consoleFetch(browser, "/account?revoked")).text();
    expect(after).not.toContain(`value="${grantId}"`);
    expect(after).toContain("Revoked.");

    // Its token: 401 on the next call, in both eras' entry points.
    const call = await postMcp(
      tokens.access_token,
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { "Mcp-Session-Id": sessionId },
    );
    expect(call.status).toBe(401);
    // The app connects again (a new grant, same user and client) and tries its old session: gone.
    const again = await signIn({ client });
    const resumed = await postMcp(
      again.tokens.access_token,
      { jsonrpc: "2.0", id: 2, method: "ping" },
      { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" },
    );
    expect(resumed.status).toBe(404);
    expect(((await resumed.json()) as { error: { code: number } }).error.code).toBe(-32001);
    // A new session with the new grant works, and the other app never noticed.
    expect((await rpc(again.tokens.access_token, await openSession(again.tokens.access_token), "ping")).result).toEqual(
      {},
    );
    expect((await rpc(bystander.tokens.access_token, bystanderSession, "ping")).result).toEqual({});
  });

  it("a re-authorization without revoking keeps the session (the grant check only bites once the old grant is gone)", async () => {
    const client = await registerClient("Re-authorized App");
    const first = await signIn({ client });
    const sessionId = await openSession(first.tokens.access_token);
    const second = await signIn({ client });
    expect((await rpc(second.tokens.access_token, sessionId, "ping")).result).toEqual({});
  });

  it("cannot revoke another user's grant", async () => {
    const browser = await consoleSignIn(undefined, "198.51.100.42");
    const { tokensFor } = await import("../../helpers/grants");
    const bob = await tokensFor("test:bob");
    const bobGrant = bob.access_token.split(":")[1] ?? "";
    expect((await postConsoleForm(browser, "/account/apps/revoke", { grant: bobGrant })).status).toBe(303);
    expect((await postMcp(bob.access_token, { jsonrpc: "2.0", id: 1, method: "ping" })).status).not.toBe(401);
  });

  it("refuses a form naming no grant", async () => {
    const browser = await consoleSignIn(undefined, "198.51.100.43");
    expect((await postConsoleForm(browser, "/account/apps/revoke", { grant: "" })).status).toBe(400);
    expect((await postConsoleForm(browser, "/account/apps/revoke", { grant: "../x" })).status).toBe(400);
  });
});
