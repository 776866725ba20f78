import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeUserId } from "../../../src/mcp/props";
import { tokensFor } from "../../helpers/grants";
import { callTool, openSession, rpc, signIn, textOf } from "../../helpers/worker";
import { allowLoopback, newBox, received, receiverOrigin, runAttempts } from "../../notify/helpers";

const NOTIFY_SCOPES = ["notify:read", "notify:send", "notify:manage"];

let token: string;
let session: string;

const SUBJECT = "test:notify-user";

beforeAll(async () => {
  token = (await tokensFor(SUBJECT, NOTIFY_SCOPES)).access_token;
  session = await openSession(token);
});
beforeEach(() => allowLoopback(true));

/** The user's Outbox, to drive its alarm: the tools reach it by the same user id. */
function ownerOutbox() {
  return env.OUTBOX.get(env.OUTBOX.idFromName(encodeUserId(SUBJECT)));
}

describe("notify tools", () => {
  it("adds a channel, shows it masked, sends, and reports delivery", async () => {
    const box = newBox();
    const url = `${receiverOrigin()}/${box}`;
    const added = await callTool(token, session, "notify_channel_add", { service: "ntfy", url, name: "phone" });
    expect(added.result.isError).toBeFalsy();
    expect(added.result.structuredContent).toMatchObject({
      name: "phone",
      service: "ntfy",
      isDefault: true,
      signed: false,
    });
    expect(JSON.stringify(added.result)).not.toContain(box);

    const listed = await callTool(token, session, "notify_channels_list");
    expect(listed.result.structuredContent.channels.map((c: { name: string }) => c.name)).toContain("phone");
    expect(JSON.stringify(listed.result)).not.toContain(box);

    const sent = await callTool(token, session, "notify_send", {
      message: "Your export is ready",
      title: "Export",
      channel: "phone",
    });
    expect(sent.result.isError).toBeFalsy();
    const { id, state, duplicate } = sent.result.structuredContent;
    expect([state, duplicate]).toEqual(["pending", false]);
    expect(textOf(sent)).toContain("notify_status");

    await runAttempts(ownerOutbox(), id, 1);
    const status = await callTool(token, session, "notify_status", { id });
    expect(status.result.structuredContent).toMatchObject({
      id,
      state: "delivered",
      attempts: 1,
      channel: "phone",
      priority: "normal",
    });
    expect(JSON.parse((await received(box))[0]?.body ?? "")).toEqual({
      topic: box,
      message: "Your export is ready",
      title: "Export",
      priority: 3,
    });

    const repeated = await callTool(token, session, "notify_send", {
      message: "Your export is ready",
      title: "Export",
      channel: "phone",
    });
    expect(repeated.result.structuredContent).toMatchObject({ id, duplicate: true });
    expect(textOf(repeated)).toContain("Not sent again");

    const history = await callTool(token, session, "notify_history", { limit: 5 });
    expect(history.result.structuredContent.deliveries[0]).toMatchObject({ id, state: "delivered" });
  });

  it("tests and removes a channel", async () => {
    const box = newBox();
    await callTool(token, session, "notify_channel_add", {
      service: "webhook",
      url: `${receiverOrigin()}/${box}`,
      name: "hook",
      secret: "a-secret-of-sixteen+",
    });
    const tested = await callTool(token, session, "notify_channel_test", { channel: "hook" });
    expect(tested.result.structuredContent).toMatchObject({ kind: "test", state: "delivered", lastStatus: 200 });
    expect(await received(box)).toHaveLength(1);

    const removed = await callTool(token, session, "notify_channel_remove", { channel: "hook" });
    expect(removed.result.structuredContent).toMatchObject({ removed: "hook", service: "webhook", cancelled: 0 });
    const again = await callTool(token, session, "notify_channel_remove", { channel: "hook" });
    expect(again.result.isError).toBe(true);
    expect(textOf(again)).toContain("notify_channels_list");
  });

  it("turns bad input into isError results that say what to do", async () => {
    const privateUrl = await callTool(token, session, "notify_channel_add", {
      service: "webhook",
      url: "https://169.254.169.254/latest",
    });
    expect(privateUrl.result.isError).toBe(true);
    expect(textOf(privateUrl)).toContain("link-local");

    const wrongHost = await callTool(token, session, "notify_channel_add", {
      service: "slack",
      url: "https://example.com/services/T1/B1/abcdefgh",
    });
    expect(textOf(wrongHost)).toContain("hooks.slack.com");

    const unknown = await callTool(token, session, "notify_send", { message: "x", channel: "nowhere" });
    expect(unknown.result.isError).toBe(true);
    expect(textOf(unknown)).toContain('No channel is named or has the id "nowhere"');

    const tooLong = await callTool(token, session, "notify_send", { message: "x".repeat(1801) });
    expect(tooLong.result.isError).toBe(true);
    expect(textOf(tooLong)).toContain("longer than 1800 characters");

    const badId = await callTool(token, session, "notify_status", { id: "ntf_aaaaaaaaaaaaaaaa" });
    expect(badId.result.isError).toBe(true);
    expect(textOf(badId)).toContain("notify_history");
  });

  it("refuses over the hourly limit through the tool, with the reset time", async () => {
    const other = await tokensFor("test:rate", NOTIFY_SCOPES);
    const otherSession = await openSession(other.access_token);
    await callTool(other.access_token, otherSession, "notify_channel_add", {
      service: "webhook",
      url: `${receiverOrigin()}/${newBox()}`,
    });
    for (let n = 1; n <= 30; n++) {
      const sent = await callTool(other.access_token, otherSession, "notify_send", {
        message: `m${n}`,
        priority: "low",
      });
      expect(sent.result.isError, `send ${n}`).toBeFalsy();
    }
    const refused = await callTool(other.access_token, otherSession, "notify_send", {
      message: "m31",
      priority: "low",
    });
    expect(refused.result.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /Rate limit reached: at most 30 notifications .* The next one can be sent at \d{4}-\d\d-\d\dT/,
    );
    // Another user's limit is their own.
    const mine = await callTool(token, session, "notify_channels_list");
    expect(mine.result.isError).toBeFalsy();
    const stillOpen = await callTool(token, session, "notify_channel_add", {
      service: "webhook",
      url: `${receiverOrigin()}/${newBox()}`,
      name: "spare",
    });
    expect(stillOpen.result.isError).toBeFalsy();
    const sendsStill = await callTool(token, session, "notify_send", {
      message: "not limited by test:rate",
      channel: "spare",
    });
    expect(sendsStill.result.isError).toBeFalsy();
  });

  it("keeps each user's channels and deliveries apart", async () => {
    const bob = await tokensFor("test:bob", NOTIFY_SCOPES);
    const bobSession = await openSession(bob.access_token);
    const list = await callTool(bob.access_token, bobSession, "notify_channels_list");
    expect(list.result.structuredContent.channels).toEqual([]);
    const mine = await callTool(token, session, "notify_history", { limit: 50 });
    const someId = mine.result.structuredContent.deliveries[0]?.id as string;
    const peek = await callTool(bob.access_token, bobSession, "notify_status", { id: someId });
    expect(peek.result.isError).toBe(true);
  });

  it("lists tools by scope: reading needs notify:read, sending notify:send, channels notify:manage", async () => {
    const readOnly = (await signIn({ requestScope: "notify:read", scopes: ["notify:read"] })).tokens.access_token;
    const readSession = await openSession(readOnly);
    const { result } = await rpc(readOnly, readSession, "tools/list");
    const names = result.tools
      .map((tool: { name: string }) => tool.name)
      .filter((name: string) => name.startsWith("notify_"));
    expect(names.sort()).toEqual(["notify_channels_list", "notify_history", "notify_status"]);
    const denied = await callTool(readOnly, readSession, "notify_send", { message: "x" });
    expect(denied.result.isError).toBe(true);
    expect(textOf(denied)).toContain('"notify:send"');
  });
});
