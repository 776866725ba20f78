/**
 * The console's pages, in the order its navigation shows them: the one list to extend when a page
 * is added (notification channels, registered clients). Each page mounts its routes under
 * `requireOwner()` (src/worker/account/require-owner.ts).
 */
export interface ConsolePage {
  path: string;
  label: string;
}

export const CONSOLE_PAGES: readonly ConsolePage[] = [
  { path: "/account", label: "Connected apps" },
  { path: "/account/activity", label: "Activity" },
  { path: "/account/status", label: "Status" },
];
