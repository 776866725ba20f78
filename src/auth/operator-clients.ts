/**
 * Clients the operator registers by hand: for servers with dynamic registration turned off, and
 * for Claude's "OAuth Client ID" and "OAuth Client Secret" fields (its help centre offers them for
 * servers without DCR). Each is a confidential client (`client_secret_basic`, `client_secret_post`
 * accepted too) created, listed and deleted only through the provider's helpers, which hash the
 * secret: it is returned once, by `createOperatorClient`, and can never be read back.
 *
 * Nothing in the provider's record says who registered a client, so Outpost keeps its own mark,
 * `operator-client:<client id>` in OAUTH_KV (a prefix the provider never lists or reads), holding
 * the creation time. It is the index `listOperatorClients` reads (a few records, however many
 * clients registered dynamically) and what keeps `deleteOperatorClient` from deleting any other.
 */
import type { ClientInfo, OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import type { Config } from "../config";
import { CLAUDE_CALLBACKS, claudeOnlyProblem } from "./claude-only";
import { CLIENT_METADATA_LIMITS, clientMetadataProblem, type MetadataProblem } from "./client-metadata";

export const OPERATOR_CLIENT_LIMITS = {
  /** Operator clients at once: one per app the operator connects, with room to rotate. */
  maxClients: 20,
  maxNameChars: CLIENT_METADATA_LIMITS.maxNameChars,
  maxRedirectUris: CLIENT_METADATA_LIMITS.maxRedirectUris,
} as const;

/** What a new client is called and where it may be answered when the operator says nothing. */
export const OPERATOR_CLIENT_DEFAULTS = {
  name: "Claude",
  redirectUris: [...CLAUDE_CALLBACKS],
} as const;

const MARK_PREFIX = "operator-client:";

export interface OperatorClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  /** Seconds since the epoch. */
  createdAt: number;
}

export interface CreatedOperatorClient extends OperatorClient {
  /** The only time it exists outside the client's own hands: the provider keeps a hash. */
  clientSecret: string;
}

interface Mark {
  createdAt: number;
}

export interface OperatorClientStore {
  oauth: OAuthHelpers;
  /** OAUTH_KV, for the marks only. */
  kv: KVNamespace;
  config: Pick<Config, "allowedClients">;
}

export type CreateResult =
  | { ok: true; client: CreatedOperatorClient }
  | {
      ok: false;
      status: 400 | 409;
      problem: MetadataProblem | { error: "too_many_clients"; description: string };
    };

/**
 * Register a confidential client. `name` and `redirectUris` default to Claude's; both are checked
 * against the client metadata limits, "Claude only" mode and the provider's redirect URI policy.
 */
export async function createOperatorClient(
  store: OperatorClientStore,
  input: { name?: string; redirectUris?: string[] },
): Promise<CreateResult> {
  const name = (input.name ?? OPERATOR_CLIENT_DEFAULTS.name).trim();
  const redirectUris = input.redirectUris?.length
    ? input.redirectUris.map((uri) => uri.trim())
    : [...OPERATOR_CLIENT_DEFAULTS.redirectUris];
  const invalid = inputProblem(store.config, name, redirectUris);
  if (invalid) return { ok: false, status: 400, problem: invalid };
  const existing = await listMarks(store.kv);
  if (existing.length >= OPERATOR_CLIENT_LIMITS.maxClients) {
    return {
      ok: false,
      status: 409,
      problem: {
        error: "too_many_clients",
        description: `There are already ${existing.length} operator clients, the most this server keeps. Remove one you no longer use first.`,
      },
    };
  }
  let created: ClientInfo;
  try {
    created = await store.oauth.createClient({
      clientName: name,
      redirectUris,
      grantTypes: ["authorization_code", "refresh_token"],
      responseTypes: ["code"],
    });
  } catch (error) {
    // The provider's redirect URI policy (https, or http on loopback; no fragment or credentials).
    const reason = error instanceof Error ? error.message : "Invalid redirect URI";
    return {
      ok: false,
      status: 400,
      problem: {
        error: "invalid_redirect_uri",
        description: `${reason}. Redirect URIs must be https, or http on localhost or 127.0.0.1, without a fragment.`,
      },
    };
  }
  if (!created.clientSecret) throw new Error("the provider created a public client");
  const createdAt = created.registrationDate ?? Math.floor(Date.now() / 1000);
  await store.kv.put(MARK_PREFIX + created.clientId, JSON.stringify({ createdAt } satisfies Mark));
  return {
    ok: true,
    client: {
      clientId: created.clientId,
      name,
      redirectUris: created.redirectUris,
      createdAt,
      clientSecret: created.clientSecret,
    },
  };
}

/** Every operator client, oldest first, without secrets. Marks whose client is gone are dropped. */
export async function listOperatorClients(store: Omit<OperatorClientStore, "config">): Promise<OperatorClient[]> {
  const marks = await listMarks(store.kv);
  const clients = await Promise.all(
    marks.map(async (clientId): Promise<OperatorClient | undefined> => {
      const [client, mark] = await Promise.all([
        store.oauth.lookupClient(clientId),
        store.kv.get<Mark>(MARK_PREFIX + clientId, "json"),
      ]);
      if (!client) {
        // Deleted another way (the console's revoke, the provider's API): forget the mark too.
        await store.kv.delete(MARK_PREFIX + clientId);
        return undefined;
      }
      return {
        clientId,
        name: client.clientName ?? "",
        redirectUris: client.redirectUris,
        createdAt: mark?.createdAt ?? client.registrationDate ?? 0,
      };
    }),
  );
  return clients
    .filter((client): client is OperatorClient => client !== undefined)
    .sort((a, b) => a.createdAt - b.createdAt || a.clientId.localeCompare(b.clientId));
}

/**
 * Delete an operator client and, through the provider, every grant and token it holds. False when
 * `clientId` is not an operator client: dynamically registered clients are not this module's to delete.
 */
export async function deleteOperatorClient(
  store: Omit<OperatorClientStore, "config">,
  clientId: string,
): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(clientId) || (await store.kv.get(MARK_PREFIX + clientId)) === null) return false;
  await store.oauth.deleteClient(clientId);
  await store.kv.delete(MARK_PREFIX + clientId);
  return true;
}

/** Whether `clientId` was registered by the operator (for telling clients apart in lists). */
export async function isOperatorClient(kv: KVNamespace, clientId: string): Promise<boolean> {
  return /^[A-Za-z0-9_-]{1,64}$/.test(clientId) && (await kv.get(MARK_PREFIX + clientId)) !== null;
}

async function listMarks(kv: KVNamespace): Promise<string[]> {
  // At most maxClients marks exist, far below one page of KV's list.
  const page = await kv.list({ prefix: MARK_PREFIX, limit: 1000 });
  return page.keys.map((key) => key.name.slice(MARK_PREFIX.length));
}

function inputProblem(
  config: Pick<Config, "allowedClients">,
  name: string,
  redirectUris: string[],
): MetadataProblem | undefined {
  if (!name)
    return {
      error: "invalid_client_metadata",
      description: "The client needs a name, shown on the consent page (for example Claude).",
    };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(name))
    return {
      error: "invalid_client_metadata",
      description: "The client's name may not contain control characters or line breaks.",
    };
  const sized = clientMetadataProblem({
    client_name: name,
    redirect_uris: redirectUris,
  });
  if (sized) return sized;
  const notClaude = claudeOnlyProblem(config, redirectUris);
  return notClaude ? { error: "invalid_redirect_uri", description: notClaude } : undefined;
}
