/**
 * What Claude expects of a connector, as Claude's own connector documentation states it ("Building
 * custom connectors", "Building Custom Connectors via Remote MCP Servers"). One place, so every check
 * compares against the same figures.
 */

/** Hosted Claude (claude.ai, Desktop, mobile) calls the server from Anthropic's cloud with this user agent. */
export const CLAUDE_USER_AGENT = "Claude-User";

/** Claude's OAuth callbacks on its hosted surfaces; claude.com is announced as the future one. */
export const CLAUDE_CALLBACKS = ["https://claude.ai/api/mcp/auth_callback", "https://claude.com/api/mcp/auth_callback"];

/** Claude Code listens on a loopback port of its choosing (RFC 8252 §7.3: any port must match). */
export const CLAUDE_CODE_CALLBACK = "http://localhost:33418/callback";

/** The Cloudflare AI Playground, a browser client that connects to remote MCP servers directly. */
export const PLAYGROUND_ORIGIN = "https://playground.ai.cloudflare.com";

/** Request headers a browser MCP client sends on /mcp, both protocol eras. */
export const MCP_REQUEST_HEADERS = [
  "authorization",
  "content-type",
  "mcp-protocol-version",
  "mcp-session-id",
  "mcp-method",
  "mcp-name",
];

export const LIMITS = {
  /** claude.ai and Desktop: a tool result of about 150,000 characters at most. */
  claudeAiResultChars: 150_000,
  /** Claude Code: 25,000 tokens by default (MAX_MCP_OUTPUT_TOKENS). */
  claudeCodeResultTokens: 25_000,
  /** Tool names: [A-Za-z0-9_.-], at most 64 characters (Claude's connector directory). */
  toolNameChars: 64,
  /** Descriptions past this are trimmed or refused by directory review; keep them short. */
  toolDescriptionChars: 2_048,
  /** A tools/list whose schemas exceed this much JSON crowds Claude's context on every turn. */
  toolSchemaChars: 8_192,
};

export const TOOL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export const ANNOTATION_HINTS = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"];

export const MODERN_VERSION = "2026-07-28";
