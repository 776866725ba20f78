import { type ChangeSink, LISTEN_LIMITS, type ListenLimits, type ResourceChange } from "./changes";

const KEY_PREFIX = "change-session:";
/** A Durable Object id as `DurableObjectId.toString()` spells it. */
const OBJECT_ID = /^[0-9a-f]{64}$/;

/**
 * The 2025-era sessions of one user that hear about its resource changes. A session is a Durable
 * Object that may hibernate for days, so it cannot hold a socket open like a listen stream; it
 * names itself here while in use (at most once a minute), and a write calls each live one over RPC.
 * Kept in the object's key-value storage (no schema): entries expire `sessionWatchMs` after the
 * session's last request, and at most `sessionsPerUser` are kept.
 */
export class SessionWatchers {
  constructor(
    private readonly kv: SyncKvStorage,
    private readonly sessions: DurableObjectNamespace,
    private readonly limits: ListenLimits = LISTEN_LIMITS,
  ) {}

  /** Keep telling this session for `sessionWatchMs` from now; false for an id that is not an object id. */
  watch(objectId: string, now: number): boolean {
    if (!OBJECT_ID.test(objectId)) return false;
    this.kv.put(KEY_PREFIX + objectId, now + this.limits.sessionWatchMs);
    const entries = this.entries().sort((a, b) => b[1] - a[1]);
    for (const [key] of entries.slice(this.limits.sessionsPerUser)) this.kv.delete(key);
    return true;
  }

  unwatch(objectId: string): void {
    this.kv.delete(KEY_PREFIX + objectId);
  }

  /** The sessions to tell now; expired ones are forgotten. */
  live(now: number): string[] {
    const live: string[] = [];
    for (const [key, until] of this.entries()) {
      if (until > now) live.push(key.slice(KEY_PREFIX.length));
      else this.kv.delete(key);
    }
    return live;
  }

  /** Tell every live session; each call runs on its own (a slow or gone session delays nobody). */
  announce(changes: readonly ResourceChange[], now: number, waitUntil: (promise: Promise<unknown>) => void): void {
    if (changes.length === 0) return;
    for (const objectId of this.live(now)) {
      const session = this.sessions.get(this.sessions.idFromString(objectId)) as unknown as ChangeSink;
      waitUntil(session.announceResourceChanges([...changes]).catch(() => undefined));
    }
  }

  private entries(): [string, number][] {
    return [...this.kv.list<number>({ prefix: KEY_PREFIX })];
  }
}
