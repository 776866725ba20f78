/**
 * Registrations per client address per hour (`REGISTRATIONS_PER_HOUR`). Each address has its own
 * object, so one address that uses up its registrations slows nobody else; counting happens in
 * that object's storage, in one synchronous step, so concurrent requests cannot slip past the limit
 * (KV, eventually consistent, could not do that). Every POST to `/register` counts, refused
 * documents too. Under `wrangler dev` every request comes from the same address.
 */
import { DurableObject } from "cloudflare:workers";
import { oauthError } from "../auth/oauth-error";
import type { Config } from "../config";
import { logEvent } from "../lib/log";
import { expandIpv6 } from "../lib/outbound-address";

export const REGISTRATION_WINDOW_SECONDS = 3600;
export const REGISTRATION_PATH = "/register";

export class RegistrationThrottle extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS registrations (at INTEGER NOT NULL)");
  }

  /** Count one registration and return 0, or return the seconds until one is allowed (and count nothing). */
  async reserve(limit: number): Promise<number> {
    const now = Date.now();
    const windowMs = REGISTRATION_WINDOW_SECONDS * 1000;
    this.sql.exec("DELETE FROM registrations WHERE at <= ?", now - windowMs);
    const recent = this.sql
      .exec<{ at: number }>("SELECT at FROM registrations ORDER BY at DESC LIMIT ?", limit)
      .toArray();
    // Full while the oldest of the last `limit` registrations is still inside the window.
    if (recent.length >= limit) return Math.max(1, Math.ceil(((recent.at(-1)?.at ?? now) + windowMs - now) / 1000));
    this.sql.exec("INSERT INTO registrations (at) VALUES (?)", now);
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + windowMs);
    return 0;
  }

  /** Forget registrations older than the window; an address with none left keeps no storage at all. */
  override async alarm(): Promise<void> {
    const windowMs = REGISTRATION_WINDOW_SECONDS * 1000;
    this.sql.exec("DELETE FROM registrations WHERE at <= ?", Date.now() - windowMs);
    const oldest = this.sql.exec<{ at: number | null }>("SELECT MIN(at) AS at FROM registrations").one().at;
    if (oldest === null) await this.ctx.storage.deleteAll();
    else await this.ctx.storage.setAlarm(oldest + windowMs);
  }
}

/** A 429 for a registration over the limit of its address, or undefined to go on. */
export async function throttleRegistration(request: Request, env: Env, config: Config): Promise<Response | undefined> {
  if (request.method !== "POST" || new URL(request.url).pathname !== REGISTRATION_PATH || !config.dcrEnabled)
    return undefined;
  const address = addressKey(request.headers.get("CF-Connecting-IP"));
  const throttle = env.REGISTRATION_THROTTLE.get(env.REGISTRATION_THROTTLE.idFromName(`register:${address}`));
  const wait = await throttle.reserve(config.registrationsPerHour);
  if (wait === 0) return undefined;
  logEvent("registration_throttled", { retryAfter: wait });
  const minutes = Math.ceil(wait / 60);
  return oauthError(
    429,
    "too_many_requests",
    `This address registered ${config.registrationsPerHour} clients in the last hour, the most REGISTRATIONS_PER_HOUR allows. ` +
      `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reuse the client you registered.`,
    { "Retry-After": String(wait) },
  );
}

/**
 * The bucket of a client address: IPv4 as it is, IPv6 by its /64 (one host usually holds a whole
 * /64). No address (never on Cloudflare; tests that call the worker directly) is one bucket.
 */
export function addressKey(ip: string | null): string {
  if (!ip) return "unknown";
  const groups = ip.includes(":") ? expandIpv6(ip) : undefined;
  return groups
    ? `${groups
        .slice(0, 4)
        .map((group) => group.toString(16))
        .join(":")}::/64`
    : ip;
}
