import { defineToolkit } from "../../mcp/define";
import { notifyChannelAdd } from "./channel-add";
import { notifyChannelRemove } from "./channel-remove";
import { notifyChannelTest } from "./channel-test";
import { notifyChannelsList } from "./channels-list";
import { notifyHistory } from "./history";
import { notifyScopes } from "./scopes";
import { notifySend } from "./send";
import { notifyStatus } from "./status";

/** Push and chat notifications through the user's own channels, delivered with retries by the Outbox. */
export const notifyToolkit = defineToolkit({
  name: "notify",
  title: "Notifications",
  scopes: notifyScopes,
  tools: [notifySend, notifyStatus, notifyHistory, notifyChannelsList, notifyChannelAdd, notifyChannelTest, notifyChannelRemove],
});
