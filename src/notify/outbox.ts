import { DurableObject } from "cloudflare:workers";
import { logEvent } from "../lib/log";
import { type ChannelLink, ChannelLinks } from "./channel-links";
import {
  type ChannelRow,
  channelView,
  deleteChannel,
  findChannel,
  insertChannel,
  listChannelRows,
  MAX_CHANNELS,
  randomId,
} from "./channels";
import { encryptionKey, KEY_MISSING, sha256Hex } from "./crypto";
import {
  DERIVED_KEY_WINDOW_MS,
  type DeliveryRow,
  deliveryView,
  EXPLICIT_KEY_TTL_MS,
  findByIdempotencyKey,
  getDelivery,
  pruneHistory,
  rateLimitRefusal,
  rememberIdempotencyKey,
} from "./deliveries";
import { DeliveryQueue, LEASE_MS } from "./delivery-queue";
import { deliveryHistory, type HistoryOptions, type HistoryPage } from "./history";
import { migrate } from "./schema";
import { readNotifySettings } from "./settings";
import type { AddChannelRequest, ChannelView, DeliveryView, OutboxResult, SendRequest } from "./types";
import { checkChannelUrl } from "./url-guard";

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/**
 * One user's notification channels, delivery queue and history (one object per user, named by the
 * user id). `send` only enqueues; the alarm delivers, with retries and backoff. A single alarm is
 * kept armed for the earliest due delivery.
 */
export class Outbox extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly links: ChannelLinks;
  private readonly queue: DeliveryQueue;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.links = new ChannelLinks(ctx.storage.kv);
    this.queue = new DeliveryQueue(ctx.storage, env);
    migrate(ctx.storage);
  }

  async addChannel(request: AddChannelRequest): Promise<OutboxResult<ChannelView>> {
    const key = await encryptionKey(this.env.NOTIFY_ENCRYPTION_KEY);
    if (!key) return fail(KEY_MISSING);
    const checked = checkChannelUrl(request.service, request.url, readNotifySettings(this.env));
    if (!checked.ok) return fail(checked.reason);
    if (request.secret !== undefined && request.service !== "webhook") {
      return fail(
        `A signing secret applies only to generic webhooks; ${request.service} URLs carry their own credentials. Leave secret out.`,
      );
    }
    const rows = listChannelRows(this.sql);
    if (rows.length >= MAX_CHANNELS) {
      return fail(
        `There are already ${MAX_CHANNELS} channels, the maximum. Remove one with notify_channel_remove first.`,
      );
    }
    const name = request.name?.trim() || uniqueName(request.service, rows);
    if (rows.some((row) => row.name.toLowerCase() === name.toLowerCase())) {
      return fail(`A channel named "${name}" exists already. Choose another name, or remove the old channel first.`);
    }
    const row = await insertChannel(this.sql, key, {
      name,
      service: request.service,
      url: checked.url,
      secret: request.secret,
      makeDefault: request.makeDefault === true,
    });
    logEvent("notify_channel_added", { service: request.service });
    return { ok: true, value: channelView(row) };
  }

  /**
   * A one-time link to the page where the user adds a channel themselves (channel-links.ts): the
   * token is this object's id and the link's secret, so the page finds the Outbox without a lookup.
   */
  channelLink(key: string, link: Omit<ChannelLink, "secret" | "expiresAt">): { token: string; expiresAt: number } {
    const minted = this.links.mint(key, link, Date.now());
    return { token: `${this.ctx.id.toString()}.${minted.secret}`, expiresAt: minted.expiresAt };
  }

  /** What the page shows for a link: the user it is for and the suggested service and name; null when dead. */
  openChannelLink(secret: string): Omit<ChannelLink, "secret"> | null {
    const link = this.links.open(secret, Date.now());
    return link ? { userId: link.userId, expiresAt: link.expiresAt, service: link.service, name: link.name } : null;
  }

  /** Add the channel the page submitted, for the signed-in `userId`; the link is spent only when the channel is added. */
  async addChannelFromLink(
    secret: string,
    userId: string,
    request: AddChannelRequest,
  ): Promise<OutboxResult<ChannelView>> {
    const link = this.links.open(secret, Date.now());
    if (!link) return fail("This link has expired or was already used. Ask Claude for a new one.");
    if (link.userId !== userId)
      return fail("This link was made for another account. Sign in as the person who asked Claude for it.");
    const added = await this.addChannel(request);
    if (added.ok) this.links.spend(secret);
    return added;
  }

  listChannels(): ChannelView[] {
    return listChannelRows(this.sql).map(channelView);
  }

  /**
   * What a confirmation names before a channel is removed or first sent to: the channel (by id or
   * name, or the default), whether a notification was ever queued for it (kept as long as history
   * is), and how many still wait. Null when the reference names no channel.
   */
  describeChannel(
    reference: string | undefined,
  ): { channel: ChannelView; sentBefore: boolean; waiting: number } | null {
    const row = findChannel(this.sql, reference);
    if (!row) return null;
    const count = (where: string) =>
      this.sql
        .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM deliveries WHERE channel_id = ? AND ${where}`, row.id)
        .one().n;
    return {
      channel: channelView(row),
      sentBefore: count("kind = 'notification'") > 0,
      waiting: count("state = 'pending'"),
    };
  }

  /** Remove a channel; its undelivered notifications fail (they have nowhere to go). */
  removeChannel(
    reference: string,
  ): OutboxResult<{ channel: ChannelView; cancelled: number; newDefault: string | null }> {
    const row = findChannel(this.sql, reference);
    if (!row) return fail(unknownChannel(reference, this.sql));
    const now = Date.now();
    let cancelled = 0;
    this.ctx.storage.transactionSync(() => {
      // Counted with RETURNING: rowsWritten also counts index entries.
      cancelled = this.sql
        .exec(
          "UPDATE deliveries SET state = 'failed', reason = ?, finished_at = ?, next_attempt_at = NULL WHERE channel_id = ? AND state = 'pending' AND leased_until IS NULL RETURNING id",
          "The channel was removed before the notification could be delivered.",
          now,
          row.id,
        )
        .toArray().length;
      deleteChannel(this.sql, row);
    });
    const newDefault = row.is_default === 1 ? (findChannel(this.sql, undefined)?.name ?? null) : null;
    return { ok: true, value: { channel: channelView(row), cancelled, newDefault } };
  }

  /**
   * Enqueue a notification, atomically with its idempotency key and the rate limit, and arm the
   * alarm for now. A repeated key returns the first delivery instead of sending again.
   */
  async send(request: SendRequest): Promise<OutboxResult<{ delivery: DeliveryView; duplicate: boolean }>> {
    if (!(await encryptionKey(this.env.NOTIFY_ENCRYPTION_KEY))) return fail(KEY_MISSING);
    const channel = findChannel(this.sql, request.channel);
    if (!channel) return fail(request.channel === undefined ? noChannels() : unknownChannel(request.channel, this.sql));
    const derived = request.idempotencyKey === undefined;
    const key = derived
      ? `auto:${await sha256Hex(JSON.stringify([channel.id, request.title ?? null, request.message, request.priority]))}`
      : `key:${request.idempotencyKey}`;
    const now = Date.now();
    const { ratePerHour } = readNotifySettings(this.env);

    const outcome = this.ctx.storage.transactionSync(
      (): OutboxResult<{ delivery: DeliveryView; duplicate: boolean }> => {
        const existing = findByIdempotencyKey(this.sql, key, now);
        if (existing) return { ok: true, value: { delivery: deliveryView(existing), duplicate: true } };
        const refusal = rateLimitRefusal(this.sql, ratePerHour, now);
        if (refusal) return fail(refusal);
        pruneHistory(this.sql, now);
        const id = `ntf_${randomId(16)}`;
        this.sql.exec(
          `INSERT INTO deliveries (id, kind, channel_id, channel_name, service, title, message, priority, state, attempts, next_attempt_at, created_at)
         VALUES (?, 'notification', ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
          id,
          channel.id,
          channel.name,
          channel.service,
          request.title ?? null,
          request.message,
          request.priority,
          now,
          now,
        );
        rememberIdempotencyKey(this.sql, key, id, now + (derived ? DERIVED_KEY_WINDOW_MS : EXPLICIT_KEY_TTL_MS));
        return {
          ok: true,
          value: { delivery: deliveryView(getDelivery(this.sql, id) as DeliveryRow), duplicate: false },
        };
      },
    );
    if (outcome.ok && !outcome.value.duplicate) await this.queue.rearm();
    return outcome;
  }

  /** Send a test message now, once, and report what the service answered. Counts toward the rate limit. */
  async testChannel(reference: string): Promise<OutboxResult<DeliveryView>> {
    const key = await encryptionKey(this.env.NOTIFY_ENCRYPTION_KEY);
    if (!key) return fail(KEY_MISSING);
    const channel = findChannel(this.sql, reference);
    if (!channel) return fail(unknownChannel(reference, this.sql));
    const now = Date.now();
    const refusal = rateLimitRefusal(this.sql, readNotifySettings(this.env).ratePerHour, now);
    if (refusal) return fail(refusal);
    const id = `ntf_${randomId(16)}`;
    // Recorded (and leased) before the attempt, so concurrent tests count toward the limit.
    this.sql.exec(
      `INSERT INTO deliveries (id, kind, channel_id, channel_name, service, title, message, priority, state, attempts, leased_until, created_at)
       VALUES (?, 'test', ?, ?, ?, 'Outpost test', ?, 'normal', 'pending', 1, ?, ?)`,
      id,
      channel.id,
      channel.name,
      channel.service,
      `Test message for the "${channel.name}" channel. If you can read this, notifications work.`,
      now + LEASE_MS,
      now,
    );
    const outcome = await this.queue.attempt(key, channel, getDelivery(this.sql, id) as DeliveryRow);
    this.queue.finish(
      id,
      outcome.kind === "delivered" ? "delivered" : "failed",
      outcome.status,
      outcome.kind === "delivered" ? null : outcome.reason,
    );
    return { ok: true, value: deliveryView(getDelivery(this.sql, id) as DeliveryRow) };
  }

  status(id: string): OutboxResult<DeliveryView> {
    const row = getDelivery(this.sql, id);
    return row
      ? { ok: true, value: deliveryView(row) }
      : fail(`No notification has the id "${id}". Call notify_history to see recent ones and their ids.`);
  }

  /** Deliveries newest first, a page at a time (history.ts). */
  history(options: HistoryOptions): HistoryPage {
    return deliveryHistory(this.sql, options);
  }

  /** Deliver what is due, then re-arm for the next due delivery. */
  override async alarm(): Promise<void> {
    try {
      await this.queue.deliverDue();
    } finally {
      await this.queue.rearm();
    }
  }
}

function uniqueName(service: string, rows: ChannelRow[]): string {
  const taken = new Set(rows.map((row) => row.name.toLowerCase()));
  if (!taken.has(service)) return service;
  let n = 2;
  while (taken.has(`${service}-${n}`)) n++;
  return `${service}-${n}`;
}

function noChannels(): string {
  return "No notification channel is set up yet. Ask the user for an ntfy topic URL or a Slack, Discord or webhook URL, and add it with notify_channel_add.";
}

function unknownChannel(reference: string, sql: SqlStorage): string {
  const names = listChannelRows(sql).map((row) => `"${row.name}"`);
  return names.length === 0
    ? noChannels()
    : `No channel is named or has the id "${reference}". The channels are ${names.join(", ")}; call notify_channels_list for details.`;
}
