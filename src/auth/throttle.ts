import { DurableObject } from "cloudflare:workers";
import { bytesToHex } from "../lib/encoding";
import { deviceMarkKey, newDeviceId, openDeviceMark, signDeviceMark } from "./device-mark";
import type { SignInAttempt } from "./sign-in-attempt";

/**
 * Wrong passphrases allowed per window: per bucket (a marked device, an address, or an OAuth client
 * when the address says nothing), and overall across every attempt that has no device mark.
 */
export const THROTTLE_LIMITS = {
  windowSeconds: 15 * 60,
  perBucket: 5,
  overall: 50,
} as const;

export interface ThrottleVerdict {
  /** Seconds until this attempt's bucket may try again; 0 when it may try now. */
  retryAfterSeconds: number;
  /** Wrong passphrases it may still enter before it has to wait. */
  triesLeft: number;
}

export interface Reservation extends ThrottleVerdict {
  /** False: refused, nothing counted (wait `retryAfterSeconds`). True: counted as a failure in advance. */
  reserved: boolean;
}

/** The one throttle of this deployment. */
export function signInThrottle(env: Env): DurableObjectStub<SignInThrottle> {
  return env.SIGN_IN_THROTTLE.get(env.SIGN_IN_THROTTLE.idFromName("global"));
}

interface Counted {
  /** Hashed bucket key, as stored. */
  key: string;
  /** A verified device mark names this bucket: exempt from the overall limit. */
  deviceId?: string;
}

/**
 * Counts failed sign-ins in one strongly consistent place (KV could not: it is eventually
 * consistent). One instance, "global", serves the whole deployment: sign-ins are rare, and the
 * overall limit needs a single counter. Stores only hashed bucket keys, and the device marks'
 * secret (device-mark.ts), which never leaves this object.
 */
export class SignInThrottle extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private markKey?: Promise<CryptoKey>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // The table before device marks: its rows are at most one window old, so nothing is lost.
    this.sql.exec("DROP TABLE IF EXISTS failures");
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS failed_sign_ins (bucket TEXT NOT NULL, marked INTEGER NOT NULL, at INTEGER NOT NULL)",
    );
    this.sql.exec("CREATE INDEX IF NOT EXISTS failed_sign_ins_bucket ON failed_sign_ins (bucket, at)");
    this.sql.exec("CREATE INDEX IF NOT EXISTS failed_sign_ins_unmarked ON failed_sign_ins (marked, at)");
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS device_mark_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL)",
    );
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS console_session_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL)",
    );
  }

  /**
   * The random secret behind the owner's console sessions (auth/console-session.ts), created on
   * first use like the device marks' own. Unlike that one it leaves the object: every request to
   * the console verifies a session, and the worker keeps the derived key per isolate instead of
   * asking here each time.
   */
  async consoleSessionSecret(): Promise<ArrayBuffer> {
    const row = this.sql
      .exec<{ secret: ArrayBuffer }>("SELECT secret FROM console_session_secret WHERE id = 1")
      .toArray()[0];
    if (row) return row.secret;
    const secret = crypto.getRandomValues(new Uint8Array(32));
    this.sql.exec("INSERT INTO console_session_secret (id, secret) VALUES (1, ?)", secret.buffer);
    return secret.buffer;
  }

  /**
   * Reserve one attempt: refused while its bucket is locked, otherwise counted as a failure in
   * advance (`triesLeft` and `retryAfterSeconds` then say what a wrong passphrase leaves). Check and
   * reservation run in one synchronous block (no await between them), so concurrent guesses cannot
   * all pass the check before any is counted.
   */
  async reserveAttempt(attempt: SignInAttempt): Promise<Reservation> {
    const counted = await this.identify(attempt);
    const now = Date.now();
    const before = this.verdict(counted, now);
    if (before.retryAfterSeconds > 0) return { reserved: false, ...before };
    this.sql.exec(
      "INSERT INTO failed_sign_ins (bucket, marked, at) VALUES (?, ?, ?)",
      counted.key,
      counted.deviceId ? 1 : 0,
      now,
    );
    return { reserved: true, ...this.verdict(counted, now) };
  }

  /** Whether this attempt's bucket is locked now, without counting anything. */
  async status(attempt: SignInAttempt): Promise<ThrottleVerdict> {
    return this.verdict(await this.identify(attempt), Date.now());
  }

  /**
   * A correct passphrase: forget the bucket's failures (the reserved attempt included) and return
   * a device mark for the browser, the same device id renewed when it already had one.
   */
  async recordSuccess(attempt: SignInAttempt): Promise<string> {
    const counted = await this.identify(attempt);
    this.sql.exec("DELETE FROM failed_sign_ins WHERE bucket = ?", counted.key);
    return signDeviceMark(await this.deviceMarkKey(), counted.deviceId ?? newDeviceId(), Date.now());
  }

  private async identify(attempt: SignInAttempt): Promise<Counted> {
    const deviceId = attempt.deviceMark
      ? await openDeviceMark(await this.deviceMarkKey(), attempt.deviceMark, Date.now())
      : undefined;
    return deviceId ? { key: await hashKey(`device:${deviceId}`), deviceId } : { key: await hashKey(attempt.bucket) };
  }

  private verdict(counted: Counted, now: number): ThrottleVerdict {
    const windowMs = THROTTLE_LIMITS.windowSeconds * 1000;
    this.sql.exec("DELETE FROM failed_sign_ins WHERE at < ?", now - windowMs);
    const mine = this.sql
      .exec<{ at: number }>(
        "SELECT at FROM failed_sign_ins WHERE bucket = ? ORDER BY at DESC LIMIT ?",
        counted.key,
        THROTTLE_LIMITS.perBucket,
      )
      .toArray();
    // A marked device is not held back by strangers' failures: only its own count.
    const everyone = counted.deviceId
      ? []
      : this.sql
          .exec<{ at: number }>(
            "SELECT at FROM failed_sign_ins WHERE marked = 0 ORDER BY at DESC LIMIT ?",
            THROTTLE_LIMITS.overall,
          )
          .toArray();
    let until = 0;
    // Locked while the oldest of the last N failures is still inside the window.
    if (mine.length >= THROTTLE_LIMITS.perBucket) until = Math.max(until, (mine.at(-1)?.at ?? 0) + windowMs);
    if (everyone.length >= THROTTLE_LIMITS.overall) until = Math.max(until, (everyone.at(-1)?.at ?? 0) + windowMs);
    const retryAfterSeconds = until > now ? Math.ceil((until - now) / 1000) : 0;
    const left = Math.min(
      THROTTLE_LIMITS.perBucket - mine.length,
      counted.deviceId ? Number.POSITIVE_INFINITY : THROTTLE_LIMITS.overall - everyone.length,
    );
    return { retryAfterSeconds, triesLeft: retryAfterSeconds > 0 ? 0 : Math.max(0, left) };
  }

  /** Created on first use and kept here, so a fresh deployment needs no secret for device marks. */
  private deviceMarkKey(): Promise<CryptoKey> {
    this.markKey ??= (async () => {
      const row = this.sql
        .exec<{ secret: ArrayBuffer }>("SELECT secret FROM device_mark_secret WHERE id = 1")
        .toArray()[0];
      let secret = row ? new Uint8Array(row.secret) : undefined;
      if (!secret) {
        secret = crypto.getRandomValues(new Uint8Array(32));
        this.sql.exec("INSERT INTO device_mark_secret (id, secret) VALUES (1, ?)", secret.buffer);
      }
      return deviceMarkKey(secret, this.env.OWNER_PASSPHRASE ?? "");
    })();
    return this.markKey;
  }
}

async function hashKey(bucket: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`outpost-throttle:${bucket}`));
  return bytesToHex(new Uint8Array(digest).slice(0, 16));
}
