/**
 * Adding a notification channel on Outpost's own page (URL-mode elicitation): notify_channel_link
 * makes a one-time link bound to the user; the page at /account/channels/new makes the owner sign in
 * with the passphrase, checks CSRF, adds the channel to that user's Outbox and spends the link. The
 * webhook URL never appears in any MCP message.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_LINK_TTL_MS, ChannelLinks, MAX_CHANNEL_LINKS } from "../../src/notify/channel-links";
import { tokensFor } from "../helpers/grants";
import { modernRpc, modernTool } from "../helpers/modern";
import { applyCookies, PASSPHRASE, send, signIn } from "../helpers/worker";

const PAGE = "/account/channels/new";
const URL_ELICITATION = { meta: { "io.modelcontextprotocol/clientCapabilities": { elicitation: { url: {} } } } };
const WEBHOOK = "https://hooks.slack.com/services/T000/B000/very-secret-token";

let owner: string;
beforeAll(async () => {
  owner = (await signIn({ scopes: ["notify:manage", "notify:read"] })).tokens.access_token;
});

async function newLink(
  token = owner,
  args: Record<string, unknown> = { service: "slack", name: "team" },
): Promise<string> {
  const reply = await modernTool(token, "notify_channel_link", args);
  expect(reply.result.isError).not.toBe(true);
  return reply.result.structuredContent.link as string;
}

/** Open the page as a browser would: its HTML, the link token and the CSRF cookie it set. */
async function openPage(link: string) {
  const response = await send(new URL(link).pathname + new URL(link).search, { headers: { Accept: "text/html" } });
  const html = await response.text();
  return {
    response,
    html,
    cookie: applyCookies("", response.headers.getSetCookie()),
    csrf: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "",
    token: new URL(link).searchParams.get("link") ?? "",
  };
}

function post(fields: Record<string, string>, cookie: string) {
  return send(PAGE, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(fields),
  });
}

const channelsOf = async (token: string) =>
  (await modernTool(token, "notify_channels_list")).result.structuredContent.channels as {
    name: string;
    service: string;
  }[];

describe("notify_channel_link", () => {
  it("gives a link to the page on this server, the same one when asked again", async () => {
    const link = await newLink();
    expect(link).toMatch(/^http:\/\/localhost\/account\/channels\/new\?link=[0-9a-f]{64}\.[\w-]{43}$/);
    expect(await newLink()).toBe(link);
    expect(await newLink(owner, { service: "discord" })).not.toBe(link);
  });

  it("asks in URL mode where the client declared it, offering that same link", async () => {
    const reply = await modernTool(owner, "notify_channel_link", { service: "webhook" }, URL_ELICITATION);
    expect(reply.result.resultType).toBe("input_required");
    const request = reply.result.inputRequests.confirm;
    expect(request).toMatchObject({ method: "elicitation/create", params: { mode: "url" } });
    expect(request.params.url).toBe(await newLink(owner, { service: "webhook" }));
    const accepted = await modernRpc(
      owner,
      "tools/call",
      {
        name: "notify_channel_link",
        arguments: { service: "webhook" },
        inputResponses: { confirm: { action: "accept" } },
        requestState: reply.result.requestState,
      },
      URL_ELICITATION,
    );
    expect(accepted.result.structuredContent.link).toBe(request.params.url);
  });
});

describe("the page", () => {
  it("shows the form with the suggested service and name, under the strict CSP, and sets a CSRF cookie", async () => {
    const { response, html, cookie, csrf } = await openPage(await newLink());
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(cookie).toContain("__Host-outpost-csrf=");
    expect(csrf).not.toBe("");
    expect(html).toContain('<option value="slack" selected="">');
    expect(html).toContain('value="team"');
  });

  it("adds the channel for the owner once the passphrase is right, and the link then stops working", async () => {
    const { cookie, csrf, token } = await openPage(await newLink(owner, { service: "slack", name: "alerts" }));
    const wrong = await post(
      { link: token, csrf, service: "slack", url: WEBHOOK, name: "alerts", passphrase: "not it" },
      cookie,
    );
    expect(wrong.status).toBe(401);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("That passphrase is not right");
    expect(wrongHtml).not.toContain("very-secret-token".repeat(2));
    expect(await channelsOf(owner)).not.toContainEqual(expect.objectContaining({ name: "alerts" }));

    const added = await post(
      { link: token, csrf, service: "slack", url: WEBHOOK, name: "alerts", passphrase: PASSPHRASE },
      cookie,
    );
    expect(added.status).toBe(200);
    const html = await added.text();
    expect(html).toContain("Channel added");
    expect(html).not.toContain("very-secret-token");
    expect(await channelsOf(owner)).toContainEqual(expect.objectContaining({ name: "alerts", service: "slack" }));

    const again = await post(
      { link: token, csrf, service: "slack", url: WEBHOOK, name: "alerts2", passphrase: PASSPHRASE },
      cookie,
    );
    expect(again.status).toBe(410);
  });

  it("refuses a post without the page's CSRF cookie", async () => {
    const { csrf, token } = await openPage(await newLink(owner, { name: "csrf" }));
    const response = await post(
      { link: token, csrf, service: "ntfy", url: "https://ntfy.sh/outpost-test", passphrase: PASSPHRASE },
      "",
    );
    expect(response.status).toBe(403);
    const forged = await post(
      { link: token, csrf: "forged", service: "ntfy", url: "https://ntfy.sh/outpost-test", passphrase: PASSPHRASE },
      `__Host-outpost-csrf=${csrf}`,
    );
    expect(forged.status).toBe(403);
  });

  it("shows the Outbox's refusal for a URL it will not store, and keeps the link usable", async () => {
    const { cookie, csrf, token } = await openPage(await newLink(owner, { name: "bad" }));
    const refused = await post(
      { link: token, csrf, service: "slack", url: "http://127.0.0.1/hook", name: "bad", passphrase: PASSPHRASE },
      cookie,
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('role="alert"');
    const retried = await post(
      { link: token, csrf, service: "ntfy", url: "https://ntfy.sh/outpost-retry", name: "bad", passphrase: PASSPHRASE },
      cookie,
    );
    expect(retried.status).toBe(200);
  });

  it("explains an incomplete, unknown or foreign link instead of showing the form", async () => {
    expect((await send(`${PAGE}?link=abc`)).status).toBe(400);
    const link = await newLink(owner, { name: "probe" });
    const token = new URL(link).searchParams.get("link")!;
    const [objectId] = token.split(".");
    expect((await send(`${PAGE}?link=${objectId}.${"A".repeat(43)}`)).status).toBe(410);
    const stranger = (await tokensFor("test:channel-page-stranger", ["notify:manage"])).access_token;
    const theirs = await send(new URL(await newLink(stranger)).pathname + new URL(await newLink(stranger)).search);
    expect(theirs.status).toBe(403);
    expect(await theirs.text()).toContain("owner passphrase");
  });
});

describe("channel links in the Outbox", () => {
  it("expire after ten minutes, work once, and are capped per user", async () => {
    const stub = env.OUTBOX.get(env.OUTBOX.idFromName("channel-links-unit"));
    await runInDurableObject(stub, (_instance, state) => {
      const links = new ChannelLinks(state.storage.kv);
      const now = 1_000_000;
      const first = links.mint("k1", { userId: "u" }, now);
      expect(links.mint("k1", { userId: "u" }, now + 1).secret).toBe(first.secret);
      expect(links.open(first.secret, now + CHANNEL_LINK_TTL_MS - 1)).toBeDefined();
      expect(links.open(first.secret, now + CHANNEL_LINK_TTL_MS)).toBeUndefined();
      links.spend(first.secret);
      expect(links.open(first.secret, now)).toBeUndefined();
      const many = Array.from({ length: MAX_CHANNEL_LINKS + 2 }, (_, i) =>
        links.mint(`k${i + 2}`, { userId: "u" }, now + i),
      );
      const live = many.filter((link) => links.open(link.secret, now + 100));
      expect(live).toHaveLength(MAX_CHANNEL_LINKS);
      expect(live.map((link) => link.secret)).toEqual(many.slice(-MAX_CHANNEL_LINKS).map((link) => link.secret));
    });
  });
});
