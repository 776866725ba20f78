/**
 * The live change feed of one user's workspace: what a listener may ask for, what it is told, and
 * every limit on listening, in one place. The `Workspace` object fans changes out (change-feed.ts);
 * MCP 2026-07-28 `subscriptions/listen` streams are its listeners (src/mcp/modern/listen.ts).
 */

/** Every limit on live listening. Tests exercise each at its edge. */
export const LISTEN_LIMITS = {
  /**
   * Listen streams open at once per user. One more is refused with a JSON-RPC error rather than
   * closing the oldest: a client that leaks streams hears about it, and nine live clients cannot
   * push each other out in turn forever. A stream whose client went away keeps its place until the
   * worker notices, when a keepalive cannot be written (about two intervals: 30 s measured under
   * wrangler dev); the refusal says so.
   */
  perUser: 8,
  /** A stream ends with its `complete` result after this long; the client opens a new one. */
  lifetimeMs: 30 * 60_000,
  /** An SSE comment line this often keeps proxies and load balancers from cutting an idle stream. */
  keepaliveMs: 15_000,
  /** Resource URIs one stream may subscribe to. */
  maxResourceSubscriptions: 100,
  /** The longest resource URI a stream may subscribe to (ids are short; this is generous). */
  maxUriLength: 512,
  /**
   * 2025-era sessions told about changes per user: past it, the session used longest ago is
   * forgotten (a session cannot be refused the way a stream can; it simply stops hearing).
   */
  sessionsPerUser: 8,
  /** A 2025-era session hears about changes for this long after its last request. */
  sessionWatchMs: 30 * 60_000,
} as const;

export type ListenLimits = { readonly [K in keyof typeof LISTEN_LIMITS]: number };

/** What the workspace announces: the resource list changed, or one resource did. */
export type ResourceChange = { kind: "resources_list_changed" } | { kind: "resource_updated"; uri: string };

/** What one listener asked for. */
export interface ChangeFilter {
  /** Tell it when the list of resources changes (a note or file created, renamed or deleted). */
  listChanged: boolean;
  /** Tell it when these resources change (updated or deleted). */
  uris: string[];
}

/** The resource URIs of the workspace's notes and files (the toolkit's resource templates). */
export function noteUri(id: string): string {
  return `note://${id}`;
}

export function fileUri(id: string): string {
  return `file://${id}`;
}

export function wants(filter: ChangeFilter, change: ResourceChange): boolean {
  return change.kind === "resources_list_changed" ? filter.listChanged : filter.uris.includes(change.uri);
}

/** A filter as it travels to the object, checked against the limits; undefined when malformed. */
export function parseChangeFilter(value: unknown, limits: ListenLimits = LISTEN_LIMITS): ChangeFilter | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { listChanged, uris } = value as Record<string, unknown>;
  if (typeof listChanged !== "boolean" || !Array.isArray(uris) || uris.length > limits.maxResourceSubscriptions)
    return undefined;
  if (!uris.every((uri) => typeof uri === "string" && uri.length <= limits.maxUriLength)) return undefined;
  return { listChanged, uris: uris as string[] };
}

export function parseResourceChange(text: unknown): ResourceChange | undefined {
  if (typeof text !== "string") return undefined;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value.kind === "resources_list_changed") return { kind: "resources_list_changed" };
    if (value.kind === "resource_updated" && typeof value.uri === "string")
      return { kind: "resource_updated", uri: value.uri };
  } catch {
    // Not a change: ignored.
  }
  return undefined;
}

/** What a 2025-era session object offers the workspace: it relays changes to its client. */
export interface ChangeSink {
  announceResourceChanges(changes: ResourceChange[]): Promise<void>;
}
