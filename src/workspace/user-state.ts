/**
 * What a user keeps outside notes and files: preferences (units, time zone, language) and
 * scratchpads, short-lived key/value notes addressed by a handle. Both live in the user's own
 * Workspace object, so they belong to the user, not to a connection: a 2026-07-28 client has no
 * session to hold them (MCP 2026-07-28, SEP-2567: state that outlives a call travels as a handle the
 * server mints and the client passes back).
 */

export interface Preferences {
  units?: "metric" | "imperial";
  /** IANA time zone, e.g. "Europe/Lisbon". */
  timeZone?: string;
  /** BCP 47 language tag, e.g. "pt-BR". */
  language?: string;
}

/** A change to preferences: a value sets it, `null` clears it, an absent key leaves it. */
export type PreferencesChange = { [K in keyof Preferences]?: Preferences[K] | null };

export interface ScratchEntry {
  key: string;
  value: string;
  savedAt: string;
}

/** Limits on one scratchpad; each is reported in the error that enforces it. */
export const SCRATCHPAD_LIMITS = {
  entries: 100,
  keyChars: 64,
  valueChars: 4_000,
} as const;

/**
 * Limits on the handle-addressed scratchpads of one user: how many may exist at once (the least
 * recently used goes first past it) and how long an unused one lives.
 */
export const SCRATCHPAD_HANDLE_LIMITS = {
  perUser: 20,
  idleDays: 7,
} as const;

/** `sp_` and 20 characters of lowercase Crockford base32 (100 bits): unguessable, URL-safe. */
const HANDLE_PATTERN = /^sp_[0-9a-hjkmnp-tv-z]{20}$/;
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export function newScratchpadHandle(): string {
  let body = "";
  for (const byte of crypto.getRandomValues(new Uint8Array(20))) body += ALPHABET[byte & 31];
  return `sp_${body}`;
}

export function isScratchpadHandle(value: unknown): value is string {
  return typeof value === "string" && HANDLE_PATTERN.test(value);
}

/** The user-state half of the Workspace object's RPC surface. */
export interface UserStateApi {
  readPreferences(): Promise<Preferences>;
  /** Apply `change` and return the preferences as they now are. */
  updatePreferences(change: PreferencesChange): Promise<Preferences>;
  /** A new, empty scratchpad; the least recently used one is dropped past the per-user limit. */
  createScratchpad(): Promise<string>;
  /** The entries of a scratchpad, or null when the handle names none (unknown, expired, another user's). */
  readScratchpad(handle: string): Promise<ScratchEntry[] | null>;
  /** Replace a scratchpad's entries; false when the handle names none. */
  writeScratchpad(handle: string, entries: ScratchEntry[]): Promise<boolean>;
}
