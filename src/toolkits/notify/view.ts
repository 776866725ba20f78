import { defineView } from "../../mcp/define";
import { VIEW_HTML } from "../../views/html.generated";
import { NOTIFY_READ } from "./scopes";

/** The delivery list of notify_history (src/views/app/notify-history.ts). */
export const notifyHistoryView = defineView({
  uri: "ui://notify/history.html",
  name: "notify_history_view",
  title: "Notification history",
  description:
    "Interactive view of a notify_history result: each delivery's state, attempts and failure reason, with state filters and older pages.",
  scope: NOTIFY_READ,
  html: VIEW_HTML.notifyHistory,
  csp: { connectDomains: [], resourceDomains: [] },
});
