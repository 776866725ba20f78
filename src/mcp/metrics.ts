import { logEvent } from "../lib/log";
import type { ToolContext } from "./define";
import type { ToolOutcome } from "./run-tool";

/**
 * One Workers Analytics Engine data point per tool call, when the `METRICS` binding exists
 * (docs/metrics.md has the columns and the queries). What goes in is fixed here and names nothing
 * about the user: the tool, how the call ended, how long it took, the protocol era and transport,
 * and the client's self-declared name. Never arguments, results, user ids or tokens.
 *
 * | column | value |
 * |---|---|
 * | `index1` | tool name (the sampling key) |
 * | `blob1` | tool name |
 * | `blob2` | outcome: `ok`, `user_error`, `denied`, `failed`, `not_confirmed` (the user declined), `asking` (a confirmation was requested) |
 * | `blob3` | era: `2025` (a session) or `2026-07-28` (stateless) |
 * | `blob4` | transport: `streamable-http`, `sse`, `rpc` or `stateless` |
 * | `blob5` | client name as registered (at most 64 characters) |
 * | `double1` | duration in milliseconds |
 */
export function recordToolCall(ctx: ToolContext, tool: string, outcome: ToolOutcome, ms: number): void {
  const dataset = ctx.env.METRICS;
  if (!dataset) return;
  try {
    dataset.writeDataPoint({
      indexes: [truncateUtf8(tool, MAX_INDEX_BYTES)],
      blobs: [
        tool,
        outcome,
        ctx.session ? "2025" : "2026-07-28",
        ctx.session?.transport ?? "stateless",
        clientLabel(ctx.props.clientName),
      ],
      doubles: [ms],
    });
  } catch (error) {
    // A metric is never worth a failed call: writeDataPoint throws on a malformed point and may
    // throw when the dataset is misconfigured. Name and message only.
    logEvent("metrics_write_failed", { error: error instanceof Error ? error.name : "non-Error thrown" });
  }
}

/** Analytics Engine refuses an index over 96 bytes. */
const MAX_INDEX_BYTES = 96;
const MAX_CLIENT_CHARS = 64;

/**
 * The client's registered name, bounded and on one line. It is what the client application chose
 * at registration ("Claude", "Claude Code", "MCP Inspector"), not anything a user typed in a
 * conversation, and the consent page shows it to the owner anyway.
 */
function clientLabel(name: string | undefined): string {
  const oneLine = (name ?? "").replace(/\s+/g, " ").trim();
  return Array.from(oneLine).slice(0, MAX_CLIENT_CHARS).join("") || "unnamed";
}

function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  let out = "";
  let bytes = 0;
  for (const char of text) {
    bytes += encoder.encode(char).length;
    if (bytes > maxBytes) break;
    out += char;
  }
  return out;
}
