import { readIdentityConfig } from "../../auth/identity-config";
import { PROTOCOL_VERSIONS } from "../../mcp/protocol-versions";
import { SERVER_INFO } from "../../mcp/server-info";
import type { StatusFacts } from "../../web/account/status-page";

/**
 * Bindings and secrets the status page reports as present or absent, with what each enables. Only
 * presence is read, never a value. Add a row here when a feature gains an optional binding.
 */
const BINDINGS: readonly { name: string; enables: string }[] = [
  { name: "OAUTH_KV", enables: "clients, grants and tokens" },
  { name: "WORKSPACE", enables: "notes, files, preferences and the activity log" },
  { name: "FILES", enables: "file bytes (R2)" },
  { name: "OUTBOX", enables: "notification channels and deliveries" },
  { name: "SIGN_IN_THROTTLE", enables: "the passphrase throttle and console sessions" },
  { name: "REGISTRATION_THROTTLE", enables: "the registration limit per address" },
  { name: "MCP_OBJECT", enables: "2025-era MCP sessions" },
];

const SECRETS: readonly { name: string; enables: string }[] = [
  { name: "OWNER_PASSPHRASE", enables: "passphrase sign-in" },
  { name: "NOTIFY_ENCRYPTION_KEY", enables: "notification channels (encrypted at rest)" },
  { name: "CONSENT_COOKIE_SECRET", enables: "\u201cremember this app\u201d with GitHub or OpenID sign-in" },
  { name: "GITHUB_CLIENT_SECRET", enables: "GitHub sign-in" },
  { name: "OIDC_CLIENT_SECRET", enables: "OpenID Connect sign-in (confidential clients)" },
];

/** What /account/status shows: facts about this deployment, none of them a value of a secret. */
export function statusFacts(env: Env): StatusFacts {
  const vars = env as unknown as Record<string, unknown>;
  const identity = readIdentityConfig(env);
  return {
    name: SERVER_INFO.name,
    version: SERVER_INFO.version,
    signInMethods: identity.methods.map((method) => ({
      method,
      missing: method === "passphrase" ? [] : (identity.missing[method] ?? []),
    })),
    bindings: BINDINGS.map((binding) => ({
      ...binding,
      present: vars[binding.name] !== undefined && vars[binding.name] !== null,
    })),
    secrets: SECRETS.map((secret) => ({
      ...secret,
      present: typeof vars[secret.name] === "string" && (vars[secret.name] as string).trim() !== "",
    })),
    protocolVersions: { sessions: [...PROTOCOL_VERSIONS.legacy], stateless: [...PROTOCOL_VERSIONS.modern] },
  };
}
