/**
 * The owner's page for operator-registered clients (`src/auth/operator-clients.ts`): create one
 * (name and redirect URIs, Claude's callbacks filled in), see its secret once, list and remove
 * them. A pure component: the console that mounts it supplies the data, its CSRF token and the
 * form actions, and guards the route. No scripts: every action is a plain form POST. Names and
 * URIs are the operator's input: hono/jsx escapes each one.
 */
import { Layout } from "../layout";
import { ConsoleLayout, type ConsoleViewer } from "./console-layout";
import { CLIENTS_PAGE } from "./nav";

export interface ClientsPageClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  /** Seconds since the epoch. */
  createdAt: number;
}

export interface ClientsPageProps {
  /** Who is signed in, when the page is mounted in the owner's console (its navigation and Sign out). */
  viewer?: ConsoleViewer;
  /** This server's public origin, for the connector URL to paste into Claude. */
  origin: string;
  clients: ClientsPageClient[];
  /** The console's CSRF token, sent back in a hidden `csrf` field by every form. */
  csrfToken: string;
  /** Where the forms post: `create` takes `name` and `redirect_uris` (one per line); `remove` takes `client_id`. */
  actions: { create: string; remove: string };
  /** The client just created, with its secret: rendered once, on the response to the create POST. */
  created?: ClientsPageClient & { clientSecret: string };
  /** Why the last form was refused (the API's error_description). */
  error?: string;
  /** What the create form held when it was refused, so nothing has to be typed again. */
  draft?: { name: string; redirectUris: string };
  /** "Claude only" mode is on: say that other callbacks will be refused. */
  claudeOnly?: boolean;
  /** Default redirect URIs for a new client (Claude's callbacks). */
  defaultRedirectUris: readonly string[];
}

const FIELD =
  "width:100%;padding:.5rem;font:inherit;border:1px solid var(--line);border-radius:8px;background:var(--bg);color:var(--fg)";

export function ClientsPage(props: ClientsPageProps) {
  const draft = props.draft ?? { name: "Claude", redirectUris: props.defaultRedirectUris.join("\n") };
  const body = (
    <>
      <p class="muted">
        For apps that cannot register themselves, and for Claude's "OAuth Client ID" and "OAuth Client Secret" fields.
        Each gets a client ID and a secret; the secret is shown once.
      </p>
      {props.error ? (
        <p class="note error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.created ? <Created client={props.created} origin={props.origin} /> : null}

      <h2>Registered here</h2>
      {props.clients.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <ul style="list-style:none;padding:0">
          {props.clients.map((client) => (
            <li style="border-top:1px solid var(--line);padding:.5rem 0">
              <div style="display:flex;justify-content:space-between;gap:.5rem;align-items:flex-start">
                <div>
                  <strong>
                    <bdi>{client.name}</bdi>
                  </strong>{" "}
                  <span class="muted">created {new Date(client.createdAt * 1000).toISOString().slice(0, 10)}</span>
                  <br />
                  <code>{client.clientId}</code>
                </div>
                <form method="post" action={props.actions.remove}>
                  <input type="hidden" name="csrf" value={props.csrfToken} />
                  <input type="hidden" name="client_id" value={client.clientId} />
                  <button type="submit" class="small" aria-label={`Remove ${client.name}`}>
                    Remove
                  </button>
                </form>
              </div>
              <ul class="muted">
                {client.redirectUris.map((uri) => (
                  <li>
                    <code>{uri}</code>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {props.clients.length > 0 ? (
        <p class="muted">Removing a client ends every sign-in made with it at once.</p>
      ) : null}

      <h2>Register a client</h2>
      <form method="post" action={props.actions.create}>
        <input type="hidden" name="csrf" value={props.csrfToken} />
        <p>
          <label for="client-name">Name, shown on the consent page</label>
          <input id="client-name" name="name" type="text" required maxlength={100} value={draft.name} style={FIELD} />
        </p>
        <p>
          <label for="client-redirects">Redirect URIs, one per line</label>
          <textarea id="client-redirects" name="redirect_uris" rows={3} required style={FIELD}>
            {draft.redirectUris}
          </textarea>
        </p>
        <p class="muted">
          Filled in with Claude's callbacks (claude.ai and claude.com); keep both for Claude.
          {props.claudeOnly ? " This server accepts only Claude and Claude Code, so other addresses are refused." : ""}
        </p>
        <div class="actions">
          <button type="submit" class="primary">
            Register
          </button>
        </div>
      </form>
    </>
  );
  if (props.viewer) {
    return (
      <ConsoleLayout title="Registered clients" current={CLIENTS_PAGE} viewer={props.viewer}>
        {body}
      </ConsoleLayout>
    );
  }
  return (
    <Layout title="Clients you register · Outpost">
      <div class="card">
        <h1>Clients you register</h1>
        {body}
      </div>
    </Layout>
  );
}

function Created({ client, origin }: { client: ClientsPageClient & { clientSecret: string }; origin: string }) {
  return (
    <div class="note warn" role="status">
      <p>
        <strong>
          <bdi>{client.name}</bdi>
        </strong>{" "}
        is registered. Copy the secret now: it is shown only this once.
      </p>
      <div>
        Client ID
        <pre class="copy">
          <code>{client.clientId}</code>
        </pre>
        Client secret
        <pre class="copy">
          <code>{client.clientSecret}</code>
        </pre>
      </div>
      <p>
        In Claude: Settings &gt; Connectors &gt; Add custom connector, URL <code>{`${origin}/mcp`}</code>; under
        Advanced settings, paste the client ID and the secret.
      </p>
    </div>
  );
}
