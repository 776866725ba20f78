/** Channel rows: sealed URLs and secrets in, masked views out. Only `loadChannel` ever decrypts. */
import { open, seal } from "./crypto";
import type { ServiceName } from "./services";
import type { ChannelView } from "./types";
import { maskUrl } from "./url-guard";

export const MAX_CHANNELS = 10;

export interface ChannelRow {
  id: string;
  name: string;
  service: string;
  url_sealed: ArrayBuffer;
  secret_sealed: ArrayBuffer | null;
  target: string;
  is_default: number;
  created_at: number;
}

export interface LoadedChannel {
  id: string;
  name: string;
  service: ServiceName;
  url: URL;
  secret: string | null;
}

export function channelView(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    name: row.name,
    service: row.service as ServiceName,
    target: row.target,
    signed: row.secret_sealed !== null,
    isDefault: row.is_default === 1,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function listChannelRows(sql: SqlStorage): ChannelRow[] {
  return sql
    .exec<Record<string, SqlStorageValue>>("SELECT * FROM channels ORDER BY created_at, rowid")
    .toArray() as unknown as ChannelRow[];
}

/** A channel by id or name (names are case-insensitive); with no reference, the default channel. */
export function findChannel(sql: SqlStorage, reference: string | undefined): ChannelRow | undefined {
  const rows =
    reference === undefined
      ? sql.exec("SELECT * FROM channels ORDER BY is_default DESC, created_at LIMIT 1").toArray()
      : sql
          .exec("SELECT * FROM channels WHERE id = ? OR name = ? COLLATE NOCASE LIMIT 1", reference, reference)
          .toArray();
  return rows[0] as unknown as ChannelRow | undefined;
}

export async function insertChannel(
  sql: SqlStorage,
  key: CryptoKey,
  channel: { name: string; service: ServiceName; url: URL; secret?: string; makeDefault: boolean },
): Promise<ChannelRow> {
  const id = `ch_${randomId(8)}`;
  const urlSealed = await seal(key, channel.url.href, `${id}:url`);
  const secretSealed = channel.secret ? await seal(key, channel.secret, `${id}:secret`) : null;
  const now = Date.now();
  const count = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM channels").one().n;
  const isDefault = channel.makeDefault || count === 0;
  if (isDefault) sql.exec("UPDATE channels SET is_default = 0");
  sql.exec(
    "INSERT INTO channels (id, name, service, url_sealed, secret_sealed, target, is_default, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    id,
    channel.name,
    channel.service,
    urlSealed,
    secretSealed,
    maskUrl(channel.url),
    isDefault ? 1 : 0,
    now,
  );
  return findChannel(sql, id) as ChannelRow;
}

/** Delete a channel; the oldest remaining one becomes the default if the default went. */
export function deleteChannel(sql: SqlStorage, row: ChannelRow): void {
  sql.exec("DELETE FROM channels WHERE id = ?", row.id);
  if (row.is_default === 1) {
    sql.exec(
      "UPDATE channels SET is_default = 1 WHERE id = (SELECT id FROM channels ORDER BY created_at, rowid LIMIT 1)",
    );
  }
}

export async function loadChannel(key: CryptoKey, row: ChannelRow): Promise<LoadedChannel> {
  const url = new URL(await open(key, new Uint8Array(row.url_sealed), `${row.id}:url`));
  const secret = row.secret_sealed ? await open(key, new Uint8Array(row.secret_sealed), `${row.id}:secret`) : null;
  return { id: row.id, name: row.name, service: row.service as ServiceName, url, secret };
}

const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

/** Random ids from an unambiguous alphabet (no 0/o, 1/l). */
export function randomId(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}
