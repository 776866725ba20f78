import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import type { Config } from "../../config";
import type { Toolkit } from "../../mcp/define";
import { SCRATCHPAD_LIMITS } from "../../mcp/session-store";
import { CONNECTOR_LIMITS } from "./limits";

/**
 * The sections of `config://connector/{section}`: the running connector's effective settings,
 * built from an allowlist of non-secret values. Nothing here copies `env` wholesale, so a secret
 * binding (OWNER_PASSPHRASE, NOTIFY_ENCRYPTION_KEY, *_CLIENT_SECRET) can never appear, not even
 * masked; personal data such as the sign-in allowlists is left out as well.
 */
export const CONFIG_SECTIONS = ["server", "auth", "limits", "toolkits", "scopes"] as const;
export type ConfigSection = (typeof CONFIG_SECTIONS)[number];

export const SECTION_SUMMARIES: Record<ConfigSection, string> = {
  server: "Server name and version, MCP protocol versions, transports and their paths, public URL and allowed browser origins.",
  auth: "Sign-in methods, client registration (DCR, metadata documents), token lifetimes and the scopes offered.",
  limits: "Request and tool output sizes, session idle time, scratchpad and toolkit limits, prompt argument caps.",
  toolkits: "Each toolkit with its title, tools, prompts and resources.",
  scopes: "Each OAuth scope with the sentence the consent page shows for it.",
};

/** Token lifetimes as src/worker/oauth.ts configures the provider (the connector's tests check they agree). */
export const TOKEN_LIFETIMES = { accessTokenSeconds: 3600, refreshTokenSeconds: 30 * 86_400 } as const;

export interface SectionInputs {
  env: Env;
  config: Config;
  toolkits: readonly Toolkit[];
  pageSize: number;
}

export async function buildSection(section: ConfigSection, inputs: SectionInputs): Promise<Record<string, unknown>> {
  switch (section) {
    case "server":
      return serverSection(inputs);
    case "auth":
      return authSection(inputs);
    case "limits":
      return limitsSection(inputs);
    case "toolkits":
      return {
        toolkits: inputs.toolkits.map((toolkit) => ({
          name: toolkit.name,
          title: toolkit.title,
          tools: toolkit.tools.map((tool) => tool.name),
          prompts: (toolkit.prompts ?? []).map((prompt) => prompt.name),
          resources: (toolkit.resources ?? []).map((resource) => resource.uri),
          resourceTemplates: (toolkit.resourceTemplates ?? []).map((template) => template.uriTemplate),
        })),
      };
    case "scopes":
      return { scopes: toolkitScopeSentences(inputs.toolkits) };
  }
}

async function serverSection({ config }: SectionInputs): Promise<Record<string, unknown>> {
  // Loaded at call time: both modules import the toolkit registry, which imports this toolkit.
  const [{ SERVER_INFO }, { MCP_PATH, SSE_PATH }] = await Promise.all([import("../../mcp/agent"), import("../../worker/mcp-endpoint")]);
  return {
    name: SERVER_INFO.name,
    title: SERVER_INFO.title,
    version: SERVER_INFO.version,
    protocolVersions: { latest: LATEST_PROTOCOL_VERSION, supported: [...SUPPORTED_PROTOCOL_VERSIONS] },
    transports: [
      { name: "streamable-http", path: MCP_PATH, methods: ["POST", "GET", "DELETE"] },
      { name: "sse", path: SSE_PATH, messagePath: `${SSE_PATH}/message`, note: "Legacy HTTP+SSE (MCP 2024-11-05), kept for older clients." },
    ],
    publicUrl: config.publicUrl ?? null,
    publicUrlNote: config.publicUrl ? "Pinned: tokens are issued for this origin only." : "Not pinned: each hostname the server answers on is its own OAuth resource.",
    extraAllowedOrigins: config.allowedOrigins,
  };
}

function authSection({ env, config, toolkits }: SectionInputs): Record<string, unknown> {
  return {
    signInMethods: signInMethods(env),
    dynamicClientRegistration: config.dcrEnabled,
    clientIdMetadataDocuments: true,
    pkceMethods: ["S256"],
    ...TOKEN_LIFETIMES,
    refreshTokenNote: "The grant ends this long after sign-in; refreshing does not extend it.",
    scopesSupported: [...Object.keys(toolkitScopeSentences(toolkits)), "offline_access"],
  };
}

function limitsSection({ env, config, pageSize }: SectionInputs): Record<string, unknown> {
  return {
    maxRequestBytes: config.maxRequestBytes,
    toolOutputMaxChars: config.toolOutputMaxChars,
    sessionIdleDays: config.sessionIdleSeconds / 86_400,
    scratchpad: { entries: SCRATCHPAD_LIMITS.entries, keyChars: SCRATCHPAD_LIMITS.keyChars, valueChars: SCRATCHPAD_LIMITS.valueChars },
    toolkits: toolkitLimits(env),
    prompts: { codeChars: CONNECTOR_LIMITS.codeChars, errorChars: CONNECTOR_LIMITS.errorChars, stackChars: CONNECTOR_LIMITS.stackChars },
    resourceListPageSize: pageSize,
  };
}

/**
 * Toolkit settings from `[vars]`, with the defaults wrangler.toml declares and the parsing rule of
 * src/config.ts (a finite number above 0, else the default). Kept in one place so each entry can
 * later call its toolkit's own config reader instead.
 */
export function toolkitLimits(env: Env): Record<string, number> {
  const vars = env as unknown as Record<string, unknown>;
  const setting = (name: string, fallback: number): number => {
    const raw = vars[name];
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
    return Number.isFinite(value) && value > 0 ? Math.round(value) : fallback;
  };
  return {
    workspaceFileMaxBytes: setting("WORKSPACE_FILE_MAX_BYTES", 10_485_760),
    workspaceQuotaBytes: setting("WORKSPACE_QUOTA_BYTES", 1_073_741_824),
    weatherTimeoutMs: setting("WEATHER_TIMEOUT_MS", 5_000),
    notifyRatePerHour: setting("NOTIFY_RATE_PER_HOUR", 30),
  };
}

const SIGN_IN_METHODS = ["passphrase", "github", "oidc"] as const;

/** SIGN_IN_METHODS as the sign-in code reads it: known names, first mention kept, passphrase when none. */
function signInMethods(env: Env): string[] {
  const raw = (env as unknown as Record<string, unknown>).SIGN_IN_METHODS;
  const named = (typeof raw === "string" ? raw : "").split(/[\s,]+/).map((item) => item.trim().toLowerCase());
  const methods = [...new Set(named.filter((item) => (SIGN_IN_METHODS as readonly string[]).includes(item)))];
  return methods.length > 0 ? methods : ["passphrase"];
}

function toolkitScopeSentences(toolkits: readonly Toolkit[]): Record<string, string> {
  return Object.assign({}, ...toolkits.map((toolkit) => toolkit.scopes));
}
