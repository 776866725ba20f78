import { ConsoleLayout, type ConsoleViewer } from "./console-layout";

export interface StatusFacts {
  name: string;
  version: string;
  signInMethods: { method: string; missing: string[] }[];
  bindings: { name: string; enables: string; present: boolean }[];
  secrets: { name: string; enables: string; present: boolean }[];
  protocolVersions: { sessions: string[]; stateless: string[] };
}

/** The operator's view of this deployment: presence only, never a value. */
export function StatusPage(props: { viewer: ConsoleViewer; facts: StatusFacts }) {
  const { facts } = props;
  return (
    <ConsoleLayout title="Status" current="/account/status" viewer={props.viewer}>
      <p>
        <strong>{facts.name}</strong> version <code>{facts.version}</code>
      </p>
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
