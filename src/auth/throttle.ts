import { DurableObject } from "cloudflare:workers";

/** Failed sign-ins allowed per client (hashed IP) and across everyone, per window. */
export const THROTTLE_LIMITS = {
  windowSeconds: 15 * 60,
  perClient: 5,
  overall: 50,
} as const;

/**
 * Counts failed sign-ins, per client and overall, in one strongly consistent place (KV could not:
 * it is eventually consistent). One instance, "global", serves the whole deployment: sign-ins are
 * rare, and the overall limit needs a single counter. Stores only hashed client keys.
 */
export class SignInThrottle extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS failures (client TEXT NOT NULL, at INTEGER NOT NULL)");
    this.sql.exec("CREATE INDEX IF NOT EXISTS failures_client ON failures (client, at)");
  }

  /**
   * Reserve one attempt for `client`: returns 0 and counts the attempt as a failure in advance, or
   * the seconds to wait. Check and reservation run in one synchronous block (no await between
   * them), so concurrent guesses cannot all pass the check before any is counted.
   */
  async reserveAttempt(client: string): Promise<number> {
    const key = await hashKey(client);
    const wait = this.waitFor(key, Date.now());
    if (wait === 0) this.sql.exec("INSERT INTO failures (client, at) VALUES (?, ?)", key, Date.now());
    return wait;
  }

  /** Seconds until `client` may try again; 0 when it may try now. */
  async retryAfter(client: string): Promise<number> {
    return this.waitFor(await hashKey(client), Date.now());
  }

  /** A correct passphrase: forget this client's failures, including the reserved attempt. */
  async recordSuccess(client: string): Promise<void> {
    this.sql.exec("DELETE FROM failures WHERE client = ?", await hashKey(client));
  }

  private waitFor(key: string, now: number): number {
    const windowMs = THROTTLE_LIMITS.windowSeconds * 1000;
    this.sql.exec("DELETE FROM failures WHERE at < ?", now - windowMs);
    const mine = this.sql.exec<{ at: number }>("SELECT at FROM failures WHERE client = ? ORDER BY at DESC LIMIT ?", key, THROTTLE_LIMITS.perClient).toArray();
    const everyone = this.sql.exec<{ at: number }>("SELECT at FROM failures ORDER BY at DESC LIMIT ?", THROTTLE_LIMITS.overall).toArray();
    let until = 0;
    // Locked while the oldest of the last N failures is still inside the window.
    if (mine.length >= THROTTLE_LIMITS.perClient) until = Math.max(until, (mine.at(-1)?.at ?? 0) + windowMs);
    if (everyone.length >= THROTTLE_LIMITS.overall) until = Math.max(until, (everyone.at(-1)?.at ?? 0) + windowMs);
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }
}

async function hashKey(client: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`outpost-throttle:${client}`));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
