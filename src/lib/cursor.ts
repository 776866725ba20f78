/**
 * Opaque pagination cursors (MCP "Pagination"): JSON in base64url. Opaque means clients must not
 * build them, not that they are secret: never put anything in one the caller may not see.
 * @example decodeCursor(encodeCursor({ after: 42 }), isAfter) // → { after: 42 }
 */
export function encodeCursor(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The value inside a cursor, or undefined when it is not one of ours or `accept` refuses its shape. */
export function decodeCursor<T>(cursor: string, accept: (value: unknown) => value is T): T | undefined {
  if (cursor.length === 0 || cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    return accept(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
