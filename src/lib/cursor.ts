import { base64UrlToText, textToBase64Url } from "./encoding";

/**
 * Opaque pagination cursors (MCP "Pagination"): JSON in base64url. Opaque means clients must not
 * build them, not that they are secret: never put anything in one the caller may not see.
 * @example decodeCursor(encodeCursor({ after: 42 }), isAfter) // → { after: 42 }
 */
export function encodeCursor(value: unknown): string {
  return textToBase64Url(JSON.stringify(value));
}

/**
 * The longest cursor accepted. Room for the workspace's title sort key (200 characters can be 800
 * bytes of UTF-8, over 1 KiB once in JSON and base64url), and still a bound on what is parsed.
 */
export const MAX_CURSOR_CHARS = 4096;

/** The value inside a cursor, or undefined when it is not one of ours or `accept` refuses its shape. */
export function decodeCursor<T>(cursor: string, accept: (value: unknown) => value is T): T | undefined {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const text = base64UrlToText(cursor);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return accept(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
