/**
 * The notify toolkit's scopes. Reading history, sending and managing channels are separate grants:
 * a connection that may send notifications cannot add a channel that forwards them elsewhere.
 */
export const NOTIFY_READ = "notify:read";
export const NOTIFY_SEND = "notify:send";
export const NOTIFY_MANAGE = "notify:manage";

export const notifyScopes = {
  [NOTIFY_READ]: "See your notification channels (masked) and the status and history of notifications sent",
  [NOTIFY_SEND]: "Send notifications to your phone or team chat through channels you have set up",
  [NOTIFY_MANAGE]: "Add, test and remove notification channels (ntfy, Slack, Discord, webhooks)",
};
