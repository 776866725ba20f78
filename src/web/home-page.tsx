import type { Toolkit } from "../mcp/define";
import { Layout } from "./layout";

/** The page at `/`: what this server is, and how to connect each Claude surface to it. */
export function HomePage(props: { origin: string; toolkits: readonly Toolkit[] }) {
  const mcpUrl = `${props.origin}/mcp`;
  return (
    <Layout title="Outpost — MCP connector">
      <div class="card">
        <h1>Outpost</h1>
        <p>A private MCP connector for Claude. Sign-in is by the owner's passphrase.</p>
        <h2>Connect</h2>
        <ul>
          <li>
            claude.ai, Desktop and mobile: Settings → Connectors → Add custom connector, URL <code>{mcpUrl}</code>
          </li>
          <li>
            Claude Code: <code>claude mcp add --transport http outpost {mcpUrl}</code>
          </li>
          <li>
            Legacy SSE clients: <code>{props.origin}/sse</code>
          </li>
        </ul>
        <h2>Tools</h2>
        {props.toolkits.map((toolkit) => (
          <ul>
            {toolkit.tools.map((tool) => (
              <li>
                <code>{tool.name}</code> — {tool.title}
              </li>
            ))}
          </ul>
        ))}
        <p class="muted">
          Health: <code>{props.origin}/health</code>
        </p>
      </div>
    </Layout>
  );
}
