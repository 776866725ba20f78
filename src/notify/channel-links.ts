/**
 * One-time links to the page where the user adds a channel themselves (`/account/channels/new`), so
 * a webhook URL or signing secret never passes through the conversation (URL-mode elicitation).
 * Kept in the user's Outbox key-value storage: a link names its Outbox (the object id) and a random
 * secret, lives ten minutes, works once, and records the user it was made for, whom the page makes
 * sign in. The same client asking again with the same arguments gets the same link while it is
 * live, so the rounds of one call (and a retry) never leave several links about.
 */
import type { ServiceName } from "./services";

export const CHANNEL_LINK_TTL_MS = 10 * 60_000;
/** Live links per user; the oldest goes past this. */
export const MAX_CHANNEL_LINKS = 5;

const LINK_PREFIX = "channel-link:";
const KEY_PREFIX = "channel-link-key:";
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface ChannelLink {
  userId: string;
  secret: string;
  expiresAt: number;
  /** What the tool call suggested; the page starts from it. */
  service?: ServiceName;
  name?: string;
}

interface StoredLink extends ChannelLink {
  key: string;
}

export class ChannelLinks {
  constructor(private readonly kv: SyncKvStorage) {}

  /** The live link for `key`, or a new one. */
  mint(key: string, link: Omit<ChannelLink, "secret" | "expiresAt">, now: number): ChannelLink {
    const live = this.live(now);
    const existing = live.find((stored) => stored.key === key && stored.userId === link.userId);
    if (existing) return existing;
    for (const old of live.slice(0, Math.max(0, live.length - MAX_CHANNEL_LINKS + 1))) this.spend(old.secret);
    const secret = base64url(crypto.getRandomValues(new Uint8Array(32)));
    const stored: StoredLink = { ...link, key, secret, expiresAt: now + CHANNEL_LINK_TTL_MS };
    this.kv.put(LINK_PREFIX + secret, stored);
    this.kv.put(KEY_PREFIX + key, secret);
    return stored;
  }

  /** The link a secret names while it is live; undefined when unknown, used or expired. */
  open(secret: string, now: number): ChannelLink | undefined {
    if (!SECRET_SHAPE.test(secret)) return undefined;
    const stored = this.kv.get<StoredLink>(LINK_PREFIX + secret);
    return stored && stored.expiresAt > now ? stored : undefined;
  }

  spend(secret: string): void {
    const stored = this.kv.get<StoredLink>(LINK_PREFIX + secret);
    if (!stored) return;
    this.kv.delete(LINK_PREFIX + secret);
    if (this.kv.get(KEY_PREFIX + stored.key) === secret) this.kv.delete(KEY_PREFIX + stored.key);
  }

  /** Live links, oldest first; expired ones are dropped on the way. */
  private live(now: number): StoredLink[] {
    const links: StoredLink[] = [];
    for (const [, stored] of this.kv.list<StoredLink>({ prefix: LINK_PREFIX })) {
      if (stored.expiresAt > now) links.push(stored);
      else this.spend(stored.secret);
    }
    return links.sort((a, b) => a.expiresAt - b.expiresAt);
  }
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}
