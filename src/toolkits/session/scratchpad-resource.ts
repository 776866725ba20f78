import { defineResource, defineResourceTemplate, resourceNotFound, type ToolContext } from "../../mcp/define";
import type { ScratchEntry } from "../../workspace/user-state";
import { SESSION_READ } from "./scopes";

export const SCRATCHPAD_URI = "session://scratchpad";

function markdown(entries: ScratchEntry[]): string {
  return entries.length === 0
    ? "# Scratchpad\n\n_Empty: nothing has been saved in it yet._\n"
    : `# Scratchpad\n\n${entries.map((entry) => `## ${entry.key}\n_Saved ${entry.savedAt}_\n\n${entry.value}`).join("\n\n")}\n`;
}

/** The 2025-era session's own scratchpad. */
export const scratchpadResource = defineResource({
  name: "session_scratchpad",
  title: "Session scratchpad",
  description: "Everything saved with session_remember in this session, as Markdown, oldest first.",
  uri: SCRATCHPAD_URI,
  mimeType: "text/markdown",
  scope: SESSION_READ,
  needsSession: true,
  async read(uri, ctx) {
    const entries = await (await ctx.scratchpads.open(undefined, { create: false })).read();
    return { contents: [{ uri: uri.href, mimeType: "text/markdown", text: markdown(entries) }] };
  },
});

/** A scratchpad by the handle session_remember returned; works on every connection. */
export const scratchpadTemplate = defineResourceTemplate({
  name: "scratchpad",
  title: "Scratchpad by handle",
  description: "A scratchpad that session_remember returned a handle for (sp_…), as Markdown, oldest entry first.",
  uriTemplate: "scratchpad://{handle}",
  mimeType: "text/markdown",
  scope: SESSION_READ,
  async read(uri, { handle }, ctx: ToolContext) {
    const pad = await ctx.scratchpads.open(handle, { create: false }).catch(() => undefined);
    if (!pad) throw resourceNotFound(uri.href);
    return {
      contents: [{ uri: `scratchpad://${handle}`, mimeType: "text/markdown", text: markdown(await pad.read()) }],
    };
  },
});
