/**
 * Keyset cursors for workspace lists: the sort key and rowid of the last item returned, plus what
 * the list was for (`kind` and a `scope` string built from its filters), so a cursor cannot be
 * replayed against a different list. Opaque to callers (base64url JSON, see src/lib/cursor.ts).
 */
import { encodeCursor } from "../lib/cursor";

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
  k: string;
  s: string;
  v: string | number;
  r: number;
  n?: number;
}

function isWire(value: unknown): value is Wire {
  if (typeof value !== "object" || value === null) return false;
  const wire = value as Record<string, unknown>;
  return (
    typeof wire.k === "string" &&
    typeof wire.s === "string" &&
    (typeof wire.v === "string" || (typeof wire.v === "number" && Number.isFinite(wire.v))) &&
    typeof wire.r === "number" &&
    Number.isSafeInteger(wire.r) &&
    (wire.n === undefined || (typeof wire.n === "number" && Number.isSafeInteger(wire.n) && wire.n >= 0))
  );
}

export function encodeListCursor(kind: string, scope: string, key: string | number, rowid: number, seen?: number): string {
  return encodeCursor({ k: kind, s: scope, v: key, r: rowid, ...(seen === undefined ? {} : { n: seen }) } satisfies Wire);
}

/** The cursor's position, or undefined when it is not a cursor issued for this kind and scope. */
export function decodeListCursor(cursor: unknown, kind: string, scope: string): ListCursor | undefined {
  if (typeof cursor !== "string") return undefined;
  const wire = decode(cursor);
  if (!wire || wire.k !== kind || wire.s !== scope) return undefined;
  return { kind, scope, key: wire.v, rowid: wire.r, seen: wire.n ?? 0 };
}

/**
 * Like decodeCursor in src/lib/cursor.ts but with room for a title sort key (200 characters can be
 * 800 bytes of UTF-8, more than that helper's 1024-character cap once base64-encoded).
 */
const MAX_CURSOR_CHARS = 4096;

function decode(cursor: string): Wire | undefined {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const value: unknown = JSON.parse(text);
    return isWire(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
