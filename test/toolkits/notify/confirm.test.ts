/**
 * Which notify calls ask the user first, and what they ask: removing a channel always; sending only
 * to a channel nothing was ever queued for. Run through runTool with a recording confirmation
 * channel (each era's own channel is tested in test/mcp), against the user's real Outbox.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ConfirmationAnswer, ConfirmationChannel } from "../../../src/mcp/define";
import { notifyChannelRemove } from "../../../src/toolkits/notify/channel-remove";
import { notifySend } from "../../../src/toolkits/notify/send";
import { allowLoopback, newBox, outbox, receiverOrigin } from "../../notify/helpers";
import { call, textOf, toolContext } from "../tool-context";

beforeEach(() => allowLoopback(true));

/** A channel that answers `answer` and records every question. */
function answering(answer: ConfirmationAnswer["kind"]) {
  const asked: { tool: string; message: string }[] = [];
  const channel: ConfirmationChannel = {
    modes: { form: true, url: true },
    async ask(callInfo, confirmation) {
      asked.push({ tool: callInfo.tool, message: confirmation.message });
      return { kind: answer } as ConfirmationAnswer;
    },
  };
  return { asked, channel };
}

async function userWithChannel(): Promise<string> {
  const userId = `confirm-${crypto.randomUUID()}`;
  const added = await outbox(userId).addChannel({
    service: "ntfy",
    url: `${receiverOrigin()}/${newBox()}`,
    name: "phone",
  });
  expect(added.ok).toBe(true);
  return userId;
}

const SCOPES = ["notify:send", "notify:manage", "notify:read"];

describe("notify_send", () => {
  it("asks before the first notification to a channel, naming it and quoting the message", async () => {
    const userId = await userWithChannel();
    const { asked, channel } = answering("accepted");
    const result = await call(
      notifySend,
      { message: "The export is ready" },
      { ...toolContext(userId, SCOPES, 20_000), confirmations: channel },
    );
    expect(result.isError).not.toBe(true);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.message).toContain('"phone"');
    expect(asked[0]!.message).toContain("The export is ready");
  });

  it("does not ask again once a notification was queued for the channel", async () => {
    const userId = await userWithChannel();
    const first = answering("accepted");
    await call(
      notifySend,
      { message: "one" },
      { ...toolContext(userId, SCOPES, 20_000), confirmations: first.channel },
    );
    const second = answering("declined");
    const result = await call(
      notifySend,
      { message: "two" },
      { ...toolContext(userId, SCOPES, 20_000), confirmations: second.channel },
    );
    expect(second.asked).toHaveLength(0);
    expect(result.isError).not.toBe(true);
  });

  it("queues nothing when the user declines, and asks again next time", async () => {
    const userId = await userWithChannel();
    const declined = answering("declined");
    const result = await call(
      notifySend,
      { message: "hello" },
      { ...toolContext(userId, SCOPES, 20_000), confirmations: declined.channel },
    );
    expect(textOf(result)).toContain("declined");
    expect(textOf(result)).toContain("nothing changed");
    expect((await outbox(userId).history({ limit: 10 })).total).toBe(0);
    const again = answering("declined");
    await call(
      notifySend,
      { message: "hello" },
      { ...toolContext(userId, SCOPES, 20_000), confirmations: again.channel },
    );
    expect(again.asked).toHaveLength(1);
  });

  it("sends at once for a client that cannot be asked", async () => {
    const userId = await userWithChannel();
    const result = await call(notifySend, { message: "hello" }, toolContext(userId, SCOPES, 20_000));
    expect(result.isError).not.toBe(true);
    expect((result.structuredContent as { state: string }).state).toBe("pending");
  });
});

describe("notify_channel_remove", () => {
  it("asks first, naming the channel and the notifications still waiting on it", async () => {
    const userId = await userWithChannel();
    await outbox(userId).send({ message: "waiting", priority: "normal" });
    const { asked, channel } = answering("accepted");
    const result = await call(
      notifyChannelRemove,
      { channel: "phone" },
      { ...toolContext(userId, SCOPES, 20_000), confirmations: channel },
    );
    expect(result.isError).not.toBe(true);
    expect(asked[0]!.message).toMatch(
      /Remove the notification channel "phone" \(ntfy → .+\) and its stored URL\? 1 notification still waiting on it will not be delivered\./,
    );
    expect(await outbox(userId).listChannels()).toEqual([]);
  });

  for (const answer of ["declined", "cancelled", "expired"] as const) {
    it(`keeps the channel when the confirmation is ${answer}`, async () => {
      const userId = await userWithChannel();
      const { channel } = answering(answer);
      const result = await call(
        notifyChannelRemove,
        { channel: "phone" },
        { ...toolContext(userId, SCOPES, 20_000), confirmations: channel },
      );
      expect(textOf(result)).toContain("nothing changed");
      expect(await outbox(userId).listChannels()).toHaveLength(1);
    });
  }

  it("asks nothing for a channel that does not exist: the call says so", async () => {
    const userId = await userWithChannel();
    const { asked, channel } = answering("accepted");
    const result = await call(
      notifyChannelRemove,
      { channel: "laptop" },
      { ...toolContext(userId, SCOPES, 20_000), confirmations: channel },
    );
    expect(asked).toHaveLength(0);
    expect(result.isError).toBe(true);
  });
});
