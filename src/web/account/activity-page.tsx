import type { AuditEntry } from "../../workspace/audit";
import { shownName } from "../client-name";
import { ConsoleLayout, type ConsoleViewer, when } from "./console-layout";

const OUTCOME_LABEL: Record<AuditEntry["outcome"], string> = {
  ok: "ok",
  error: "tool error",
  refused: "refused",
  declined: "not confirmed",
};

/** The activity log, newest first, one page at a time; the setting for keeping details; the export. */
export function ActivityPage(props: {
  viewer: ConsoleViewer;
  entries: AuditEntry[];
  nextCursor?: string;
  first: boolean;
  recordDetails: boolean;
  retentionDays: number;
  notice?: string;
}) {
  return (
    <ConsoleLayout title="Activity" current="/account/activity" viewer={props.viewer}>
      <p class="muted">
        Tool calls from every connected app and every sign-in, kept {props.retentionDays} days.{" "}
        <a href="/account/activity.json">Download as JSON</a>
      </p>
      {props.notice ? (
        <p class="note warn" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.entries.length === 0 ? (
        <p>{props.first ? "Nothing yet. Tool calls appear here within seconds." : "No older entries."}</p>
      ) : null}
      {props.entries.length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">App</th>
                <th scope="col">What</th>
                <th scope="col">Outcome</th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((entry) => (
                <tr>
                  <td>{when(Date.parse(entry.at)).replace(" UTC", "")}</td>
                  <td>
                    <bdi>
                      {entry.clientName
                        ? shownName(entry.clientName).text
                        : entry.kind === "sign_in"
                          ? "Outpost console"
                          : "unknown"}
                    </bdi>
                  </td>
                  <td>
                    {entry.kind === "sign_in" ? `sign-in (${entry.name})` : <code>{entry.name}</code>}
                    {entry.detail ? (
                      <details>
                        <summary>Arguments and result</summary>
                        <pre>{entry.detail.arguments ?? ""}</pre>
                        <pre>{entry.detail.result ?? ""}</pre>
                      </details>
                    ) : null}
                  </td>
                  <td class={`outcome-${entry.outcome}`}>{OUTCOME_LABEL[entry.outcome]}</td>
                  <td>{entry.ms !== undefined ? `${entry.ms} ms` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        {props.first ? null : <a href="/account/activity">Newest</a>}
        {props.first || !props.nextCursor ? null : " · "}
        {props.nextCursor ? (
          <a href={`/account/activity?cursor=${encodeURIComponent(props.nextCursor)}`}>Older</a>
        ) : null}
      </p>
      <h2>Keep arguments and results</h2>
      <form method="post" action="/account/activity/settings">
        <input type="hidden" name="csrf" value={props.viewer.csrf} />
        <label class="scope">
          <input type="checkbox" name="record_details" value="on" checked={props.recordDetails} />
          <span>
            Keep a copy of each call's arguments and result (the first 2,000 characters of each). Off by default: the
            log then holds only which tool ran, for which app, when and how it went. Turning it off deletes the copies
            kept so far.
          </span>
        </label>
        <div class="actions">
          <button type="submit">Save</button>
        </div>
      </form>
    </ConsoleLayout>
  );
}
