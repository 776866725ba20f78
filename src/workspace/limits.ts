/**
 * Every limit the workspace enforces, in one place. Each is named in the error that enforces it, so
 * Claude can fix the request instead of guessing. The two storage limits come from `[vars]`
 * (docs/configuration.md); the note limits are fixed because the search index and the RPC payloads
 * are sized around them.
 */
export const NOTE_LIMITS = {
  /** Characters (Unicode code points) in a title. */
  titleChars: 200,
  /** Characters in a markdown body: about 25 pages of prose. */
  bodyChars: 100_000,
  tagsPerNote: 20,
  tagChars: 40,
  /** Notes one workspace may hold. */
  notesPerWorkspace: 100_000,
  /** Notes in one `importNotes` call (it is one transaction). */
  importBatch: 200,
  /** Characters in a search query, and terms (words, phrases, tags) in it. */
  queryChars: 500,
  queryTerms: 32,
} as const;

export const PAGE_LIMITS = {
  defaultSize: 20,
  maxSize: 100,
  /** Completion suggestions per request (MCP caps a completion at 100 values). */
  maxCompletions: 100,
} as const;

export const FILE_LIMITS = {
  /** Characters in a file name. */
  nameChars: 255,
  /** Files one workspace may hold (usage is summed over them, so this also bounds that cost). */
  filesPerWorkspace: 10_000,
  /** A `pending` upload older than this is an interrupted one: the sweeper removes its row and bytes. */
  pendingTtlMs: 5 * 60_000,
} as const;

export interface StorageLimits {
  /** Largest single file, in bytes (`WORKSPACE_FILE_MAX_BYTES`, default 10 MB). */
  fileMaxBytes: number;
  /** Bytes of files one user may keep (`WORKSPACE_QUOTA_BYTES`, default 1 GB). */
  quotaBytes: number;
}

export const DEFAULT_STORAGE_LIMITS: StorageLimits = {
  fileMaxBytes: 10 * 1024 * 1024,
  quotaBytes: 1024 * 1024 * 1024,
};

let cached: { fileMax: string | undefined; quota: string | undefined; limits: StorageLimits } | undefined;

/**
 * The storage limits from `env`, parsed once per isolate (re-parsed only if the raw values differ).
 * A value that is not a positive whole number falls back to its default, like every other setting.
 */
export function readStorageLimits(
  env: Partial<Pick<Env, "WORKSPACE_FILE_MAX_BYTES" | "WORKSPACE_QUOTA_BYTES">>,
): StorageLimits {
  const fileMax = env.WORKSPACE_FILE_MAX_BYTES;
  const quota = env.WORKSPACE_QUOTA_BYTES;
  if (cached && cached.fileMax === fileMax && cached.quota === quota) return cached.limits;
  const limits = {
    fileMaxBytes: positiveInteger(fileMax, DEFAULT_STORAGE_LIMITS.fileMaxBytes),
    quotaBytes: positiveInteger(quota, DEFAULT_STORAGE_LIMITS.quotaBytes),
  };
  cached = { fileMax, quota, limits };
  return limits;
}

function positiveInteger(raw: string | undefined, fallback: number): number {
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return fallback;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/** `10485760` → "10 MB" (binary units, as the limits are set). */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}
