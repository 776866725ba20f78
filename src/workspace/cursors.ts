/**
 * Keyset cursors for workspace lists: the sort key and rowid of the last item returned, plus what
 * the list was for (`kind` and a `scope` string built from its filters), so a cursor cannot be
 * replayed against a different list. Opaque to callers (base64url JSON, see src/lib/cursor.ts).
 */
import { decodeCursor, encodeCursor } from "../lib/cursor";

export type ListOrder = "updated" | "created" | "title";

export interface ListCursor {
  kind: string;
  scope: string;
  key: string | number;
  rowid: number;
  /** Items returned before the next page (search uses it to say how many remain). */
  seen: number;
}

interface Wire {
  kind: string;
  scope: string;
  key: string | number;
  rowid: number;
  seen?: number;
}

function isWire(value: unknown): value is Wire {
  if (typeof value !== "object" || value === null) return false;
  const wire = value as Record<string, unknown>;
  return (
    typeof wire.kind === "string" &&
    typeof wire.scope === "string" &&
    (typeof wire.key === "string" || (typeof wire.key === "number" && Number.isFinite(wire.key))) &&
    typeof wire.rowid === "number" &&
    Number.isSafeInteger(wire.rowid) &&
    (wire.seen === undefined || (typeof wire.seen === "number" && Number.isSafeInteger(wire.seen) && wire.seen >= 0))
  );
}

export function encodeListCursor(
  kind: string,
  scope: string,
  key: string | number,
  rowid: number,
  seen?: number,
): string {
  return encodeCursor({ kind, scope, key, rowid, ...(seen === undefined ? {} : { seen }) } satisfies Wire);
}

/** The cursor's position, or undefined when it is not a cursor issued for this kind and scope. */
export function decodeListCursor(cursor: unknown, kind: string, scope: string): ListCursor | undefined {
  if (typeof cursor !== "string") return undefined;
  const wire = decodeCursor(cursor, isWire);
  if (!wire || wire.kind !== kind || wire.scope !== scope) return undefined;
  return { kind, scope, key: wire.key, rowid: wire.rowid, seen: wire.seen ?? 0 };
}
