import { z } from "zod";
import { defineTool, UserError } from "../../mcp/define";
import { SCRATCHPAD_LIMITS } from "../../mcp/session-store";
import { SESSION_WRITE } from "./scopes";
import { handleReminder, scratchpadInput, scratchpadOutput } from "./scratchpad-input";

export const sessionRemember = defineTool({
  name: "session_remember",
  title: "Remember for this conversation",
  description:
    "Save a short note in this conversation's scratchpad so it can be recalled later in the same conversation " +
    '(it is gone after a week unused). Give a key to save or overwrite a named value (e.g. key "customer"), ' +
    `or leave it out to add free text under a generated key. Values up to ${SCRATCHPAD_LIMITS.valueChars} characters, ` +
    `${SCRATCHPAD_LIMITS.entries} entries per scratchpad. When the result carries a scratchpad handle, pass it to later session_* calls.`,
  scope: SESSION_WRITE,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.object({
    value: z
      .string()
      .min(1, "value is empty: pass the text to remember")
      .max(
        SCRATCHPAD_LIMITS.valueChars,
        `value is longer than ${SCRATCHPAD_LIMITS.valueChars} characters: save a shorter summary`,
      )
      .describe("The text to remember."),
    key: z
      .string()
      .regex(/^[\w.\- ]+$/, "key may use letters, digits, spaces, '_', '-' and '.' only")
      .max(SCRATCHPAD_LIMITS.keyChars, `key is longer than ${SCRATCHPAD_LIMITS.keyChars} characters`)
      .optional()
      .describe("Optional name to save under; an existing entry with this key is replaced."),
    scratchpad: scratchpadInput,
  }),
  output: z.object({
    key: z.string(),
    replaced: z.boolean(),
    entries: z.number().int(),
    maxEntries: z.number().int(),
    scratchpad: scratchpadOutput,
  }),
  async handler({ value, key, scratchpad: handle }, ctx) {
    const pad = await ctx.scratchpads.open(handle, { create: true });
    const current = await pad.read();
    const chosenKey = key?.trim() || nextNoteKey(current.map((entry) => entry.key));
    const replaced = current.some((entry) => entry.key === chosenKey);
    if (!replaced && current.length >= SCRATCHPAD_LIMITS.entries) {
      throw new UserError(
        `The scratchpad is full (${SCRATCHPAD_LIMITS.entries} entries). Forget entries you no longer need ` +
          "with session_forget, or overwrite one by passing its key.",
      );
    }
    const entry = { key: chosenKey, value, savedAt: new Date().toISOString() };
    const entries = [...current.filter((e) => e.key !== chosenKey), entry];
    await pad.write(entries);
    return {
      data: {
        key: chosenKey,
        replaced,
        entries: entries.length,
        maxEntries: SCRATCHPAD_LIMITS.entries,
        ...(pad.handle && { scratchpad: pad.handle }),
      },
      text:
        `${replaced ? "Replaced" : "Saved"} "${chosenKey}" (${entries.length} of ${SCRATCHPAD_LIMITS.entries} entries used).` +
        handleReminder(pad.handle),
    };
  },
});

function nextNoteKey(existing: string[]): string {
  let n = existing.length + 1;
  while (existing.includes(`note-${n}`)) n++;
  return `note-${n}`;
}
