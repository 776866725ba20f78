import { z } from "zod";
import { defineTool, UserError } from "../../mcp/define";
import { SCRATCHPAD_LIMITS } from "../../mcp/session-store";
import { SESSION_WRITE } from "./scopes";

export const sessionRemember = defineTool({
  name: "session_remember",
  title: "Remember for this conversation",
  description:
    "Save a short note in this conversation's scratchpad so it can be recalled later in the same session " +
    "(it is gone when the session ends). Give a key to save or overwrite a named value (e.g. key \"customer\"), " +
    `or leave it out to add free text under a generated key. Values up to ${SCRATCHPAD_LIMITS.valueChars} characters, ` +
    `${SCRATCHPAD_LIMITS.entries} entries per session.`,
  scope: SESSION_WRITE,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.object({
    value: z
      .string()
      .min(1, "value is empty: pass the text to remember")
      .max(SCRATCHPAD_LIMITS.valueChars, `value is longer than ${SCRATCHPAD_LIMITS.valueChars} characters: save a shorter summary`)
      .describe("The text to remember."),
    key: z
      .string()
      .regex(/^[\w.\- ]+$/, "key may use letters, digits, spaces, '_', '-' and '.' only")
      .max(SCRATCHPAD_LIMITS.keyChars, `key is longer than ${SCRATCHPAD_LIMITS.keyChars} characters`)
      .optional()
      .describe("Optional name to save under; an existing entry with this key is replaced."),
  }),
  output: z.object({
    key: z.string(),
    replaced: z.boolean(),
    entries: z.number().int(),
    maxEntries: z.number().int(),
  }),
  handler({ value, key }, { session }) {
    const state = session.read();
    const chosenKey = key?.trim() || nextNoteKey(state.scratchpad.map((entry) => entry.key));
    const replaced = state.scratchpad.some((entry) => entry.key === chosenKey);
    if (!replaced && state.scratchpad.length >= SCRATCHPAD_LIMITS.entries) {
      throw new UserError(
        `The scratchpad is full (${SCRATCHPAD_LIMITS.entries} entries). Forget entries you no longer need ` +
          "with session_forget, or overwrite one by passing its key.",
      );
    }
    const entry = { key: chosenKey, value, savedAt: new Date().toISOString() };
    const scratchpad = [...state.scratchpad.filter((e) => e.key !== chosenKey), entry];
    session.update((current) => ({ ...current, scratchpad }));
    return {
      data: { key: chosenKey, replaced, entries: scratchpad.length, maxEntries: SCRATCHPAD_LIMITS.entries },
      text: `${replaced ? "Replaced" : "Saved"} "${chosenKey}" (${scratchpad.length} of ${SCRATCHPAD_LIMITS.entries} entries used).`,
    };
  },
});

function nextNoteKey(existing: string[]): string {
  let n = existing.length + 1;
  while (existing.includes(`note-${n}`)) n++;
  return `note-${n}`;
}
