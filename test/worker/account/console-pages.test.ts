/**
 * The notification channels and registered clients pages as mounted in the owner's console: behind
 * its sign-in, inside its navigation, with its CSRF token on every form.
 */
import { describe, expect, it } from "vitest";
import { consoleFetch, consoleSignIn, postConsoleForm } from "../../helpers/console";
import { ORIGIN } from "../../helpers/worker";

describe("/account/channels in the console", () => {
  it("sends a signed-out browser to sign in, and refuses a signed-out form", async () => {
    const page = await consoleFetch({ origin: ORIGIN, cookie: "" }, "/account/channels");
    expect(page.status).toBe(303);
    expect(page.headers.get("Location")).toBe("/account/sign-in?next=%2Faccount%2Fchannels");
    const posted = await consoleFetch({ origin: ORIGIN, cookie: "" }, "/account/channels/add", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf: "x", service: "ntfy", url: "https://ntfy.sh/outpost-console", name: "phone" }),
    });
    expect(posted.status).toBe(401);
  });

  it("lists, adds and removes the owner's channels inside the console's navigation", async () => {
    const browser = await consoleSignIn(undefined, "198.51.100.70");
    const empty = await (await consoleFetch(browser, "/account/channels")).text();
    expect(empty).toContain('aria-current="page">Notification channels</a>');
    expect(empty).toContain(`name="csrf" value="${browser.csrf}"`);

    const added = await postConsoleForm(browser, "/account/channels/add", {
      service: "ntfy",
      url: "https://ntfy.sh/outpost-console-test",
      name: "console-phone",
    });
    expect(added.status).toBe(303);
    const listed = await (await consoleFetch(browser, added.headers.get("Location") ?? "/account/channels")).text();
    expect(listed).toContain("console-phone");
    expect(listed).not.toContain("outpost-console-test");

    const id = /action="\/account\/channels\/([^/"]+)\/remove"|href="\/account\/channels\/([^/"]+)\/remove"/.exec(
      listed,
    );
    const channel = id?.[1] ?? id?.[2] ?? "";
    expect(channel).not.toBe("");
    const confirm = await consoleFetch(browser, `/account/channels/${channel}/remove`);
    expect(await confirm.text()).toContain("Sign out");
    const removed = await postConsoleForm(browser, `/account/channels/${channel}/remove`, {});
    expect(removed.status).toBe(303);
    expect(await (await consoleFetch(browser, "/account/channels")).text()).not.toContain("console-phone");
  });

  it("refuses a form with another session's token and changes nothing", async () => {
    const browser = await consoleSignIn(undefined, "198.51.100.71");
    const refused = await postConsoleForm(browser, "/account/channels/add", {
      csrf: "not-the-token",
      service: "ntfy",
      url: "https://ntfy.sh/outpost-csrf",
      name: "forged",
    });
    expect(refused.status).toBe(403);
    expect(await (await consoleFetch(browser, "/account/channels")).text()).not.toContain("forged");
  });
});

describe("/account/clients in the console", () => {
  it("needs the console's sign-in", async () => {
    const page = await consoleFetch({ origin: ORIGIN, cookie: "" }, "/account/clients");
    expect(page.status).toBe(303);
  });

  it("registers a client with Claude's callbacks, shows its secret once, and removes it", async () => {
    const browser = await consoleSignIn(undefined, "198.51.100.72");
    const form = await (await consoleFetch(browser, "/account/clients")).text();
    expect(form).toContain('aria-current="page">Registered clients</a>');
    expect(form).toContain("https://claude.ai/api/mcp/auth_callback");

    const created = await postConsoleForm(browser, "/account/clients", {
      name: "Console Claude",
      redirect_uris: "https://claude.ai/api/mcp/auth_callback\nhttps://claude.com/api/mcp/auth_callback",
    });
    expect(created.status).toBe(200);
    const shown = await created.text();
    const clientId = /Client ID\s*<pre class="copy"><code>([^<]+)<\/code>/.exec(shown)?.[1] ?? "";
    const secret = /Client secret\s*<pre class="copy"><code>([^<]+)<\/code>/.exec(shown)?.[1];
    expect(clientId).not.toBe("");
    expect(secret, "the create answer shows the secret").toMatch(/^\S{16,}$/);

    const again = await (await consoleFetch(browser, "/account/clients")).text();
    expect(again).toContain(clientId);
    expect(again).not.toContain(secret as string);

    const removed = await postConsoleForm(browser, "/account/clients/remove", { client_id: clientId });
    expect(removed.status).toBe(303);
    expect(await (await consoleFetch(browser, "/account/clients")).text()).not.toContain(clientId);
  });

  it("shows a refused registration with the reason and the draft kept", async () => {
    const browser = await consoleSignIn(undefined, "198.51.100.73");
    const refused = await postConsoleForm(browser, "/account/clients", { name: "Bad", redirect_uris: "not a url" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("not a url");
  });
});
