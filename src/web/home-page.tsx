import type { Toolkit } from "../mcp/define";
import { COPY_SCRIPT } from "./copy-script";
import { Layout } from "./layout";
import { PassphraseHint } from "./passphrase-hint";

export interface HomePageProps {
  origin: string;
  toolkits: readonly Toolkit[];
  /** The sign-in methods SIGN_IN_METHODS enables, as a person knows them (src/auth/upstream.ts). */
  signIn: SignInMethods;
  /** The server runs on this computer (`npm run dev`): Anthropic's cloud cannot reach it. */
  local: boolean;
}

/** The page at `/`: what this server is, how to connect each Claude surface to it, and what it offers. */
export function HomePage({ origin, toolkits, signIn, local }: HomePageProps) {
  const mcpUrl = `${origin}/mcp`;
  return (
    <Layout title="Outpost — MCP connector">
      <div class="card">
        <h1>Outpost</h1>
        <p>A private MCP connector for Claude.</p>
        <SignIn signIn={signIn} local={local} />
        <h2>Connect</h2>
        {local ? <LocalConnect origin={origin} mcpUrl={mcpUrl} /> : <DeployedConnect origin={origin} mcpUrl={mcpUrl} />}
        <h2>Your console</h2>
        <p>
          <a href="/account">Open the console</a> to see which apps are connected and revoke one, what they did (the
          activity log), your notification channels and the clients you registered. It signs you in like the consent
          page.
        </p>
        <h2>What it offers</h2>
        <p class="muted">
          Each permission is a checkbox on the consent page; a connection sees only what its permissions cover.
        </p>
        {toolkits.map((toolkit) => (
          <ToolkitSection toolkit={toolkit} />
        ))}
        <p class="muted">
          Health: <code>{origin}/health</code>
        </p>
      </div>
      <script dangerouslySetInnerHTML={{ __html: COPY_SCRIPT }} />
    </Layout>
  );
}

/** A command or URL to copy: one click selects all of it, with or without scripts. */
function Copyable(props: { text: string }) {
  return (
    <pre class="copy">
      <code>{props.text}</code>
    </pre>
  );
}

export interface SignInMethods {
  labels: string[];
  passphrase: boolean;
}

function SignIn({ signIn, local }: { signIn: SignInMethods; local: boolean }) {
  return (
    <>
      <p>Sign-in: {signIn.labels.join(", or ")}.</p>
      {signIn.passphrase ? <PassphraseHint local={local} /> : null}
    </>
  );
}

function LocalConnect({ origin, mcpUrl }: { origin: string; mcpUrl: string }) {
  const { hostname: host, port } = new URL(origin);
  const onLocalhost = host === "localhost";
  const localhostOrigin = `http://localhost${port ? `:${port}` : ""}`;
  const desktopConfig = JSON.stringify(
    { mcpServers: { outpost: { command: "npx", args: ["-y", "mcp-remote", mcpUrl] } } },
    null,
    2,
  );
  return (
    <>
      <p class="note warn">
        This server runs on this computer. claude.ai, Claude Desktop's connectors and the mobile apps reach connectors
        from Anthropic's cloud, which cannot reach <code>{host}</code>: deploy Outpost (<code>npx wrangler deploy</code>
        , see the README) and add its https URL there.
      </p>
      {onLocalhost ? null : (
        <p class="note warn">
          Use <code>{localhostOrigin}</code> rather than <code>{host}</code>: the consent page's cookie works over plain
          http only on localhost, and a token issued for one name is refused on the other.
        </p>
      )}
      <h3>Claude Code</h3>
      <Copyable text={`claude mcp add --transport http outpost ${mcpUrl}`} />
      <p class="muted">
        Then run <code>/mcp</code> in Claude Code, pick <code>outpost</code> and authenticate.
      </p>
      <h3>Claude Desktop, through mcp-remote</h3>
      <p>
        In <code>claude_desktop_config.json</code>:
      </p>
      <Copyable text={desktopConfig} />
      <h3>Other MCP clients</h3>
      <Copyable text={mcpUrl} />
      <p class="muted">
        Streamable HTTP. Legacy HTTP+SSE clients: <code>{origin}/sse</code>
      </p>
    </>
  );
}

function DeployedConnect({ origin, mcpUrl }: { origin: string; mcpUrl: string }) {
  return (
    <>
      <h3>claude.ai, Claude Desktop and the mobile apps</h3>
      <p>Settings → Connectors → Add custom connector, with this URL:</p>
      <Copyable text={mcpUrl} />
      <p class="muted">
        Added once in claude.ai, it works in Claude Desktop and the mobile apps signed in to the same account.
      </p>
      <h3>Claude Code</h3>
      <Copyable text={`claude mcp add --transport http outpost ${mcpUrl}`} />
      <h3>Other MCP clients</h3>
      <p class="muted">
        Streamable HTTP: <code>{mcpUrl}</code>. Legacy HTTP+SSE: <code>{origin}/sse</code>
      </p>
    </>
  );
}

/** One toolkit, read from its definition: permissions, tools, resources and prompts. */
function ToolkitSection({ toolkit }: { toolkit: Toolkit }) {
  const scopes = Object.entries(toolkit.scopes);
  const resources = [
    ...(toolkit.resources ?? []).map((resource) => ({ uri: resource.uri, title: resource.title })),
    ...(toolkit.resourceTemplates ?? []).map((template) => ({ uri: template.uriTemplate, title: template.title })),
  ];
  const prompts = toolkit.prompts ?? [];
  return (
    <section>
      <h3>{toolkit.title}</h3>
      {scopes.length > 0 ? (
        <ul class="scopes">
          {scopes.map(([scope, description]) => (
            <li>
              <code>{scope}</code> — {description}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No permission needed: every connection can use it.</p>
      )}
      <Items label="Tools" items={toolkit.tools.map((tool) => ({ name: tool.name, title: tool.title }))} />
      <Items label="Resources" items={resources.map((resource) => ({ name: resource.uri, title: resource.title }))} />
      <Items label="Prompts" items={prompts.map((prompt) => ({ name: prompt.name, title: prompt.title }))} />
    </section>
  );
}

function Items({ label, items }: { label: string; items: { name: string; title: string }[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h4>{label}</h4>
      <ul>
        {items.map((item) => (
          <li>
            <code>{item.name}</code> — {item.title}
          </li>
        ))}
      </ul>
    </>
  );
}
