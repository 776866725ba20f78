import { z } from "zod";
import { defineTool, UserError } from "../../mcp/define";
import { SESSION_WRITE } from "./scopes";
import { scratchpadInput } from "./scratchpad-input";

export const sessionForget = defineTool({
  name: "session_forget",
  title: "Forget from this conversation",
  description: "Delete a scratchpad entry by key, or every entry with all=true. Deleted entries cannot be recovered.",
  scope: SESSION_WRITE,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({
    key: z.string().max(64).optional().describe("Key of the entry to delete."),
    all: z.boolean().optional().describe("Set to true to delete every entry."),
    scratchpad: scratchpadInput,
  }),
  output: z.object({ deleted: z.array(z.string()), remaining: z.number().int() }),
  async handler({ key, all, scratchpad: handle }, ctx) {
    if ((key === undefined) === (all !== true)) {
      throw new UserError("Pass either key (one entry) or all=true (every entry), not both and not neither.");
    }
    const pad = await ctx.scratchpads.open(handle, { create: false });
    const before = await pad.read();
    const deleted = before.filter((entry) => all === true || entry.key === key).map((entry) => entry.key);
    if (deleted.length === 0 && all !== true) {
      throw new UserError(`No entry has the key "${key}". Call session_recall to see the keys in use.`);
    }
    if (deleted.length > 0) await pad.write(before.filter((entry) => !deleted.includes(entry.key)));
    const remaining = before.length - deleted.length;
    return {
      data: { deleted, remaining },
      text:
        deleted.length === 0
          ? "The scratchpad was already empty."
          : `Deleted ${deleted.map((k) => `"${k}"`).join(", ")}; ${remaining} entries remain.`,
    };
  },
});
