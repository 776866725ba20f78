import { defineToolkit } from "../../mcp/define";
import { notifyChannelAdd } from "./channel-add";
import { notifyChannelLink } from "./channel-link";
import { notifyChannelRemove } from "./channel-remove";
import { notifyChannelTest } from "./channel-test";
import { notifyChannelsList } from "./channels-list";
import { notifyHistory } from "./history";
import { notifyScopes } from "./scopes";
import { notifySend } from "./send";
import { notifyStatus } from "./status";
import { notifyHistoryView } from "./view";

/** Push and chat notifications through the user's own channels, delivered with retries by the Outbox. */
export const notifyToolkit = defineToolkit({
  name: "notify",
  title: "Notifications",
  guidance:
    "notify_send pushes a message to the user's phone or chat through channels they registered (notify_channels_list); send only when the user asks to be notified.",
  scopes: notifyScopes,
  // The user's Outbox object; the Outbox itself reads the encryption key and the rate limit.
  bindings: ["OUTBOX"],
  tools: [
    notifySend,
    notifyStatus,
    notifyHistory,
    notifyChannelsList,
    notifyChannelLink,
    notifyChannelAdd,
    notifyChannelTest,
    notifyChannelRemove,
  ],
  views: [notifyHistoryView],
});
