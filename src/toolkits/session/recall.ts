import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { readOnly, SESSION_READ } from "./scopes";
import { scratchpadInput } from "./scratchpad-input";

export const sessionRecall = defineTool({
  name: "session_recall",
  title: "Recall from this conversation",
  description:
    "Read what was saved with session_remember in this conversation. Pass a key for one entry, a query to " +
    "find entries whose key or text contains it (case-insensitive), or nothing to list every entry, oldest first.",
  scope: SESSION_READ,
  annotations: readOnly,
  input: z.object({
    key: z.string().max(64).optional().describe("Exact key of one entry."),
    query: z.string().max(200).optional().describe("Text to look for in keys and values."),
    scratchpad: scratchpadInput,
  }),
  output: z.object({
    entries: z.array(z.object({ key: z.string(), value: z.string(), savedAt: z.string() })),
    total: z.number().int(),
  }),
  async handler({ key, query, scratchpad: handle }, ctx) {
    const all = await (await ctx.scratchpads.open(handle, { create: false })).read();
    const needle = query?.toLowerCase();
    const entries = all.filter(
      (entry) =>
        (key === undefined || entry.key === key) &&
        (needle === undefined ||
          entry.key.toLowerCase().includes(needle) ||
          entry.value.toLowerCase().includes(needle)),
    );
    const text =
      entries.length === 0
        ? all.length === 0
          ? "The scratchpad is empty: nothing has been saved in it with session_remember."
          : `Nothing matches${key !== undefined ? ` key "${key}"` : ""}${needle !== undefined ? ` "${query}"` : ""}. ` +
            `${all.length} entries exist; call session_recall with no arguments to list them.`
        : entries.map((entry) => `## ${entry.key}\n${entry.value}`).join("\n\n");
    return { data: { entries, total: all.length }, text };
  },
});
