import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { readOnly, SESSION_READ } from "./scopes";

export const sessionInfo = defineTool({
  name: "session_info",
  title: "Session details",
  description:
    "Describe the current connection: session id and transport, when it started and was last used, how many " +
    "tool calls it has made, who is signed in, which client connected and which permissions it was granted, " +
    "and the saved preferences (units, time zone, language).",
  scope: SESSION_READ,
  annotations: readOnly,
  input: z.object({}),
  output: z.object({
    sessionId: z.string(),
    transport: z.string(),
    createdAt: z.string(),
    lastCallAt: z.string().nullable(),
    calls: z.number().int(),
    user: z.string(),
    clientName: z.string(),
    scopes: z.array(z.string()),
    scratchpadEntries: z.number().int(),
    units: z.string().nullable(),
    timeZone: z.string().nullable(),
    language: z.string().nullable(),
  }),
  handler(_args, { session, props }) {
    const state = session.read();
    const usage = session.usage();
    const data = {
      sessionId: session.id,
      transport: session.transport,
      createdAt: new Date(state.createdAt).toISOString(),
      lastCallAt: usage.lastCallAt ? new Date(usage.lastCallAt).toISOString() : null,
      calls: usage.calls,
      user: props.displayName,
      clientName: props.clientName,
      scopes: props.scopes,
      scratchpadEntries: state.scratchpad.length,
      units: state.preferences.units ?? null,
      timeZone: state.preferences.timeZone ?? null,
      language: state.preferences.language ?? null,
    };
    const text = [
      `Session ${data.sessionId} (${data.transport}), started ${data.createdAt}, ${data.calls} tool calls before this one.`,
      `Signed in as ${data.user} through ${data.clientName}; permissions: ${data.scopes.join(", ") || "none"}.`,
      `Scratchpad: ${data.scratchpadEntries} entries. Preferences: units ${data.units ?? "not set"}, ` +
        `time zone ${data.timeZone ?? "not set"}, language ${data.language ?? "not set"}.`,
    ].join("\n");
    return { data, text };
  },
});
