import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { invalidCursor } from "../../mcp/define";

interface After {
  after: string;
}

function isAfter(value: unknown): value is After {
  return typeof value === "object" && value !== null && typeof (value as Record<string, unknown>).after === "string";
}

/**
 * One page of `keys` (in their given order) after the key a cursor names. Keyed by the last key
 * rather than an offset, so a page is never skipped or repeated when the list is unchanged, and a
 * cursor for a key that no longer exists is refused (MCP "Pagination": invalid cursor → -32602)
 * instead of silently restarting.
 */
export function pageOfKeys(
  keys: readonly string[],
  cursor: string | undefined,
  pageSize: number,
): { keys: string[]; nextCursor?: string } {
  let start = 0;
  if (cursor !== undefined) {
    const position = decodeCursor(cursor, isAfter);
    const index = position ? keys.indexOf(position.after) : -1;
    if (index < 0) throw invalidCursor();
    start = index + 1;
  }
  const page = keys.slice(start, start + pageSize);
  const last = page.at(-1);
  return start + pageSize < keys.length && last !== undefined
    ? { keys: page, nextCursor: encodeCursor({ after: last }) }
    : { keys: page };
}
