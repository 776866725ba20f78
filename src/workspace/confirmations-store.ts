/**
 * What a user's confirmations need from their Workspace object (MCP 2026-07-28 "Multi Round-Trip
 * Requests"): the key that signs the `requestState` of a confirmation, and the record of states
 * already answered, so each is good for one answer only.
 *
 * The key is 32 random bytes this object creates on first use and keeps: no deployment setting to
 * add or rotate, and one key per user, so a state minted for one user fails the signature check
 * anywhere else before any binding is even compared. Both live in the object's key-value storage,
 * not in a table: a handful of short-lived entries needs no schema migration.
 */

const KEY_ENTRY = "confirmations:key";
const SPENT_PREFIX = "confirmations:spent:";
/** A confirmation id as `mcp/modern/confirm.ts` mints it: 22 base64url characters (16 random bytes). */
const CONFIRMATION_ID = /^[A-Za-z0-9_-]{22}$/;

export interface ConfirmationsApi {
  /** The key that signs this user's confirmation states, created on first use. */
  confirmationKey(): Promise<Uint8Array>;
  /**
   * Record that the confirmation `id` (valid until `expiresAt`, ms) has been answered. False when it
   * was already: a replayed state. Entries are dropped once expired, since the signature check
   * refuses an expired state anyway.
   */
  spendConfirmation(id: string, expiresAt: number): Promise<boolean>;
}

export class ConfirmationsStore {
  private readonly kv: SyncKvStorage;
  private readonly now: () => number;

  constructor(options: { storage: DurableObjectStorage; now?: () => number }) {
    this.kv = options.storage.kv;
    this.now = options.now ?? Date.now;
  }

  key(): Uint8Array {
    const stored = this.kv.get<ArrayBuffer | Uint8Array>(KEY_ENTRY);
    if (stored) return new Uint8Array(stored);
    const key = crypto.getRandomValues(new Uint8Array(32));
    this.kv.put(KEY_ENTRY, key);
    return key;
  }

  spend(id: string, expiresAt: number): boolean {
    if (!CONFIRMATION_ID.test(id)) return false;
    const now = this.now();
    for (const [name, until] of this.kv.list<number>({ prefix: SPENT_PREFIX })) {
      if (until < now) this.kv.delete(name);
    }
    const entry = SPENT_PREFIX + id;
    if (this.kv.get(entry) !== undefined) return false;
    this.kv.put(entry, expiresAt);
    return true;
  }
}
