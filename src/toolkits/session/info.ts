import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { readOnly, SESSION_READ } from "./scopes";

export const sessionInfo = defineTool({
  name: "session_info",
  title: "Session details",
  description:
    "Describe the current connection: its MCP session (id, transport, when it started and was last used, how many " +
    "tool calls it has made; none on a stateless connection), who is signed in, which client connected and which " +
    "permissions it was granted, and the user's saved preferences (units, time zone, language).",
  scope: SESSION_READ,
  annotations: readOnly,
  input: z.object({}),
  output: z.object({
    sessionId: z.string().nullable(),
    transport: z.string(),
    createdAt: z.string().nullable(),
    lastCallAt: z.string().nullable(),
    calls: z.number().int().nullable(),
    user: z.string(),
    clientName: z.string(),
    scopes: z.array(z.string()),
    scratchpadEntries: z.number().int().nullable(),
    units: z.string().nullable(),
    timeZone: z.string().nullable(),
    language: z.string().nullable(),
  }),
  async handler(_args, { session, props, preferences }) {
    const saved = await preferences.read();
    const usage = session?.usage();
    const data = {
      sessionId: session?.id ?? null,
      transport: session?.transport ?? "stateless",
      createdAt: session ? new Date(session.read().createdAt).toISOString() : null,
      lastCallAt: usage?.lastCallAt ? new Date(usage.lastCallAt).toISOString() : null,
      calls: usage?.calls ?? null,
      user: props.displayName,
      clientName: props.clientName,
      scopes: props.scopes,
      scratchpadEntries: session ? session.read().scratchpad.length : null,
      units: saved.units ?? null,
      timeZone: saved.timeZone ?? null,
      language: saved.language ?? null,
    };
    const connection = session
      ? `Session ${data.sessionId} (${data.transport}), started ${data.createdAt}, ${data.calls} tool calls before this one.\n` +
        `Scratchpad: ${data.scratchpadEntries} entries.`
      : "No session: this connection speaks MCP 2026-07-28 statelessly, so scratchpads are reached by their handle.";
    const text = [
      connection,
      `Signed in as ${data.user} through ${data.clientName}; permissions: ${data.scopes.join(", ") || "none"}.`,
      `Preferences: units ${data.units ?? "not set"}, time zone ${data.timeZone ?? "not set"}, language ${data.language ?? "not set"}.`,
    ].join("\n");
    return { data, text };
  },
});
