import { z } from "zod";

/**
 * The optional handle every scratchpad tool takes. A 2025-era session has a scratchpad of its own,
 * so Claude can omit it; a stateless 2026-07-28 connection has none, so session_remember mints a
 * handle, returns it, and later calls pass it back (MCP 2026-07-28, SEP-2567).
 */
export const scratchpadInput = z
  .string()
  .max(64)
  .optional()
  .describe(
    'Handle of the scratchpad (starts with "sp_") that an earlier session_remember returned. Omit it to use ' +
      "this conversation's own scratchpad; where the connection has none, session_remember starts a new one and returns its handle.",
  );

/** The handle field of a result, present only when the caller must pass it back. */
export const scratchpadOutput = z.string().optional().describe("Pass this as `scratchpad` to later session_* calls.");

/** A sentence telling Claude to keep the handle, when there is one. */
export function handleReminder(handle: string | undefined): string {
  return handle ? ` Scratchpad handle: ${handle} (pass it as scratchpad to later session_* calls).` : "";
}
