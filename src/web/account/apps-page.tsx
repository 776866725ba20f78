import type { ShownName } from "../client-name";
import { ConsoleLayout, type ConsoleViewer, when } from "./console-layout";

export interface ConnectedApp {
  grantId: string;
  clientId: string;
  /** The app's name, made safe to show (client-name.ts). */
  name: ShownName;
  /** Host of a Client ID Metadata Document URL: the provider fetched it there, so it is verified. */
  domain?: string;
  scopes: string[];
  /** Epoch milliseconds. */
  approvedAt: number;
  expiresAt?: number;
  /** The last tool call the activity log holds for this grant. */
  lastToolCallAt?: number;
  /** Who approved it: the sign-in identity's name, method and (when the provider verified one) email. */
  signedInAs: string;
  method: string;
  email?: string;
}

/**
 * Every grant of the signed-in user, newest first, each with Revoke. No table: on a phone each app
 * is a short block that reads top to bottom.
 */
export function AppsPage(props: { viewer: ConsoleViewer; apps: ConnectedApp[]; notice?: string; more: boolean }) {
  return (
    <ConsoleLayout title="Connected apps" current="/account" viewer={props.viewer}>
      {props.notice ? (
        <p class="note warn" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.apps.length === 0 ? (
        <p>No app is connected. Apps appear here once you approve them on the consent page.</p>
      ) : null}
      {props.apps.map((app) => (
        <section class="app" aria-label={app.name.text}>
          <h3>
            <bdi>{app.name.text}</bdi>
          </h3>
          {app.name.lookalike ? (
            <p class="note warn">This name imitates "Claude" with look-alike characters: it is not Claude.</p>
          ) : null}
          <dl>
            <dt>Published by</dt>
            <dd>{app.domain ? `${app.domain} (verified)` : "not verified (the app named itself)"}</dd>
            <dt>May use</dt>
            <dd>
              {app.scopes.length > 0
                ? app.scopes.map((scope, index) => (
                    <>
                      {index > 0 ? " " : null}
                      <code>{scope}</code>
                    </>
                  ))
                : "nothing"}
            </dd>
            <dt>Approved</dt>
            <dd>
              {when(app.approvedAt)} by {app.signedInAs} ({app.method}
              {app.email ? `, ${app.email}` : ""})
            </dd>
            <dt>Last tool call</dt>
            <dd>{app.lastToolCallAt ? when(app.lastToolCallAt) : "none yet"}</dd>
            {app.expiresAt ? (
              <>
                <dt>Ends</dt>
                <dd>{when(app.expiresAt)}, unless you approve it again</dd>
              </>
            ) : null}
          </dl>
          <form method="post" action="/account/apps/revoke">
            <input type="hidden" name="csrf" value={props.viewer.csrf} />
            <input type="hidden" name="grant" value={app.grantId} />
            <button type="submit">Revoke {app.name.text}</button>
          </form>
        </section>
      ))}
      {props.more ? (
        <p class="muted">More apps are connected than this page lists; revoke some to see the rest.</p>
      ) : null}
      <p class="muted">
        Revoking ends the app's access at once: its next call is refused and its open sessions end. To use it again,
        connect it again.
      </p>
    </ConsoleLayout>
  );
}
