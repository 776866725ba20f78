import { readSignInMethods } from "../auth/identity-config";
import { TOKEN_LIFETIMES } from "../auth/token-lifetimes";
import type { Config } from "../config";
import type { Toolkit, ToolkitEnv } from "../mcp/define";
import { MCP_PATH, SSE_PATH } from "../mcp/endpoint-paths";
import { LATEST_PROTOCOL_VERSION, PROTOCOL_VERSIONS } from "../mcp/protocol-versions";
import { SERVER_INFO } from "../mcp/server-info";
import { SCRATCHPAD_LIMITS } from "../mcp/session-store";
import { readNotifySettings } from "../notify/settings";
import { readStorageLimits } from "../workspace/limits";
import type { DeploymentDescription } from "./connector/config-resource";
import { CONNECTOR_LIMITS } from "./connector/limits";
import { weatherTimeoutMs } from "./weather/settings";

/**
 * The sections of `config://connector/{section}`: the running connector's effective settings,
 * built from an allowlist of non-secret values. Nothing here copies `env` wholesale, so a secret
 * binding (OWNER_PASSPHRASE, NOTIFY_ENCRYPTION_KEY, *_CLIENT_SECRET) can never appear, not even
 * masked; personal data such as the sign-in allowlists is left out as well.
 */
export const CONFIG_SECTIONS = ["server", "auth", "limits", "toolkits", "scopes"] as const;
export type ConfigSection = (typeof CONFIG_SECTIONS)[number];

export const SECTION_SUMMARIES: Record<ConfigSection, string> = {
  server:
    "Server name and version, MCP protocol versions, transports and their paths, public URL and allowed browser origins.",
  auth: "Sign-in methods, client registration (DCR, metadata documents), token lifetimes and the scopes offered.",
  limits: "Request and tool output sizes, session idle time, scratchpad and toolkit limits, prompt argument caps.",
  toolkits: "Each toolkit with its title, tools, prompts and resources.",
  scopes: "Each OAuth scope with the sentence the consent page shows for it.",
};

export interface SectionInputs {
  /** Only the settings below (`deploymentDescription.bindings`): the connector toolkit's `ctx.env`. */
  env: ToolkitEnv;
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
  return {
    name: SERVER_INFO.name,
    title: SERVER_INFO.title,
    version: SERVER_INFO.version,
    protocolVersions: {
      latest: LATEST_PROTOCOL_VERSION,
      supported: [...PROTOCOL_VERSIONS.modern, ...PROTOCOL_VERSIONS.legacy],
      stateless: [...PROTOCOL_VERSIONS.modern],
    },
    transports: [
      {
        name: "streamable-http",
        path: MCP_PATH,
        methods: ["POST", "GET", "DELETE"],
        note: "2026-07-28 requests are served statelessly (POST only); 2025-era clients get a session.",
      },
      {
        name: "sse",
        path: SSE_PATH,
        messagePath: `${SSE_PATH}/message`,
        note: "Legacy HTTP+SSE (MCP 2024-11-05), kept for older clients.",
      },
    ],
    publicUrl: config.publicUrl ?? null,
    publicUrlNote: config.publicUrl
      ? "Pinned: tokens are issued for this origin only."
      : "Not pinned: each hostname the server answers on is its own OAuth resource.",
    extraAllowedOrigins: config.allowedOrigins,
  };
}

function authSection({ env, config, toolkits }: SectionInputs): Record<string, unknown> {
  return {
    signInMethods: readSignInMethods(env),
    dynamicClientRegistration: config.dcrEnabled,
    allowedClients: config.allowedClients,
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
    toolOutputMaxTokens: config.toolOutputMaxTokens,
    sessionIdleDays: config.sessionIdleSeconds / 86_400,
    scratchpad: {
      entries: SCRATCHPAD_LIMITS.entries,
      keyChars: SCRATCHPAD_LIMITS.keyChars,
      valueChars: SCRATCHPAD_LIMITS.valueChars,
    },
    toolkits: toolkitLimits(env),
    prompts: {
      codeChars: CONNECTOR_LIMITS.codeChars,
      errorChars: CONNECTOR_LIMITS.errorChars,
      stackChars: CONNECTOR_LIMITS.stackChars,
    },
    resourceListPageSize: pageSize,
  };
}

/** Toolkit settings as each toolkit reads them (its own parser, defaults and bounds). */
export function toolkitLimits(env: ToolkitEnv): Record<string, number> {
  const storage = readStorageLimits(env);
  return {
    workspaceFileMaxBytes: storage.fileMaxBytes,
    workspaceQuotaBytes: storage.quotaBytes,
    weatherTimeoutMs: weatherTimeoutMs(env),
    notifyRatePerHour: readNotifySettings(env).ratePerHour,
  };
}

function toolkitScopeSentences(toolkits: readonly Toolkit[]): Record<string, string> {
  return Object.assign({}, ...toolkits.map((toolkit) => toolkit.scopes));
}

/** What the connector toolkit's `config://connector/{section}` shows, wired in by the registry. */
export const deploymentDescription: DeploymentDescription = {
  // Every setting the sections read, and nothing else: no secret, no storage binding.
  bindings: [
    "SIGN_IN_METHODS",
    "WORKSPACE_FILE_MAX_BYTES",
    "WORKSPACE_QUOTA_BYTES",
    "WEATHER_TIMEOUT_MS",
    "NOTIFY_RATE_PER_HOUR",
  ],
  sections: CONFIG_SECTIONS,
  summaries: SECTION_SUMMARIES,
  build: (section, inputs) => buildSection(section as ConfigSection, inputs),
};
