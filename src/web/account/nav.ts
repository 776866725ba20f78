/**
 * The console's pages, in the order its navigation shows them: the one list to extend when a page
 * is added (notification channels, registered clients). Each page mounts its routes under
 * `requireOwner()` (src/worker/account/require-owner.ts).
 */
export interface ConsolePage {
  path: string;
  label: string;
}

/** The notification channels page (src/worker/account/channels-routes.ts). */
export const CHANNELS_PAGE = "/account/channels";
/** Clients the operator registered (src/worker/account/clients.tsx). */
export const CLIENTS_PAGE = "/account/clients";

export const CONSOLE_PAGES: readonly ConsolePage[] = [
  { path: "/account", label: "Connected apps" },
  { path: "/account/activity", label: "Activity" },
  { path: CHANNELS_PAGE, label: "Notification channels" },
  { path: CLIENTS_PAGE, label: "Registered clients" },
  { path: "/account/status", label: "Status" },
];
