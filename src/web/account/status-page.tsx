import { ConsoleLayout, type ConsoleViewer, when } from "./console-layout";

export type DoctorRunStatus = "pass" | "warn" | "fail" | "skip";

/** One run of `outpost doctor <url> --report`, as the server keeps it: a summary, no details. */
export interface DoctorRun {
  /** When the server received the report (epoch milliseconds). */
  receivedAt: number;
  doctorVersion: string;
  /** The URL the doctor checked. */
  target: string;
  summary: Record<DoctorRunStatus, number>;
  /** The checks that did not pass (the doctor sends only those). */
  checks: { id: string; status: DoctorRunStatus; title: string }[];
}

export interface StatusFacts {
  name: string;
  version: string;
  signInMethods: { method: string; missing: string[] }[];
  bindings: { name: string; enables: string; present: boolean }[];
  secrets: { name: string; enables: string; present: boolean }[];
  protocolVersions: { sessions: string[]; stateless: string[] };
}

/** The operator's view of this deployment: presence only, never a value. */
export function StatusPage(props: {
  viewer: ConsoleViewer;
  facts: StatusFacts;
  doctor: { lastRun: DoctorRun | undefined; origin: string };
  now?: number;
}) {
  const { facts } = props;
  return (
    <ConsoleLayout title="Status" current="/account/status" viewer={props.viewer}>
      <p>
        <strong>{facts.name}</strong> version <code>{facts.version}</code>
      </p>
      <h2>Last doctor run</h2>
      <LastDoctorRun run={props.doctor.lastRun} origin={props.doctor.origin} now={props.now ?? Date.now()} />
      <h2>Sign-in methods</h2>
      <ul>
        {facts.signInMethods.map((item) => (
          <li>
            <code>{item.method}</code>
            {item.missing.length > 0 ? (
              <span class="outcome-error"> not set up: needs {item.missing.join(", ")}</span>
            ) : (
              " ready"
            )}
          </li>
        ))}
      </ul>
      <h2>MCP protocol versions served</h2>
      <p>
        With sessions: {item(facts.protocolVersions.sessions)}. Stateless: {item(facts.protocolVersions.stateless)}.
      </p>
      <h2>Secrets</h2>
      <Presence rows={facts.secrets} />
      <h2>Bindings</h2>
      <Presence rows={facts.bindings} />
    </ConsoleLayout>
  );
}

/** The newest run the doctor reported: when, its result, and the title of every check that did not pass. */
function LastDoctorRun(props: { run: DoctorRun | undefined; origin: string; now: number }) {
  const { run } = props;
  if (!run) {
    return (
      <p class="muted">
        None recorded. Run <code>npx outpost doctor {props.origin} --report</code> to record one.
      </p>
    );
  }
  const { fail, warn, pass, skip } = run.summary;
  const notPassed = run.checks.filter((check) => check.status !== "pass");
  return (
    <>
      <p>
        <span class={fail > 0 ? "outcome-error" : "outcome-ok"}>{fail > 0 ? "Failed" : "Passed"}</span>: {fail} failed,{" "}
        {warn} {warn === 1 ? "warning" : "warnings"}, {pass} passed
        {skip > 0 ? `, ${skip} skipped` : ""}. {ago(run.receivedAt, props.now)} ({when(run.receivedAt)}), checking{" "}
        <code>{run.target}</code> with doctor <code>{run.doctorVersion}</code>.
      </p>
      {notPassed.length > 0 ? (
        <ul>
          {notPassed.map((check) => (
            <li>
              <span class={check.status === "fail" ? "outcome-error" : "muted"}>{MARK[check.status]}</span>{" "}
              {check.title} <code class="muted">{check.id}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

const MARK: Record<DoctorRunStatus, string> = { pass: "passed", warn: "warning", fail: "failed", skip: "skipped" };

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago": how stale the run is, at a glance. */
export function ago(thenMs: number, nowMs: number): string {
  const minutes = Math.floor(Math.max(0, nowMs - thenMs) / 60_000);
  if (minutes < 1) return "Just now";
  const [count, unit] =
    minutes < 60
      ? [minutes, "minute"]
      : minutes < 48 * 60
        ? [Math.floor(minutes / 60), "hour"]
        : [Math.floor(minutes / 1440), "day"];
  return `${count} ${unit}${count === 1 ? "" : "s"} ago`;
}

function Presence(props: { rows: { name: string; enables: string; present: boolean }[] }) {
  return (
    <div class="table-wrap">
      <table>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <td>
                <code>{row.name}</code>
              </td>
              <td class={row.present ? "outcome-ok" : "muted"}>{row.present ? "set" : "not set"}</td>
              <td class="muted">{row.enables}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function item(versions: string[]): string {
  return versions.join(", ");
}
