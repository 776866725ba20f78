/**
 * The MCP SDK clients behind the suite's one client interface (`McpApi`): v1 (`@modelcontextprotocol/sdk`
 * 1.32, 2025-era only) and v2 (`@modelcontextprotocol/client` 2.4, either era, whichever it negotiated).
 */
import { type Client as ClientV2, LOG_LEVEL_META_KEY } from "@modelcontextprotocol/client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import type { McpApi, ToolResult } from "./exercise";

/** The calls both generations make alike. */
function sameInBoth(client: Client | ClientV2): Omit<McpApi, "era" | "callTool" | "logMessages"> {
  return {
    capabilities: () => client.getServerCapabilities() as Record<string, unknown> | undefined,
    listTools: () => client.listTools() as ReturnType<McpApi["listTools"]>,
    listResources: () => client.listResources(),
    listResourceTemplates: () => client.listResourceTemplates(),
    readResource: (uri) => client.readResource({ uri }) as ReturnType<McpApi["readResource"]>,
    listPrompts: () => client.listPrompts(),
    getPrompt: (name, args) => client.getPrompt({ name, arguments: args }),
    complete: (ref, argument) => client.complete({ ref, argument }),
    setLoggingLevel: (level) => client.setLoggingLevel(level),
  };
}

/** Created before connecting, so that no log notification is missed. */
export function v1Api(client: Client): McpApi {
  let logs = 0;
  client.setNotificationHandler(LoggingMessageNotificationSchema, () => {
    logs++;
  });
  return {
    ...sameInBoth(client),
    era: () => "legacy",
    // A 2025 session has one log level for the session (logging/setLevel), not one per request.
    callTool: async (name, args, options) =>
      (await client.callTool(
        { name, arguments: args },
        undefined,
        options?.onProgress ? { onprogress: (p) => options.onProgress?.(p.progress) } : undefined,
      )) as ToolResult,
    logMessages: () => logs,
  };
}

export function v2Api(client: ClientV2): McpApi {
  let logs = 0;
  client.setNotificationHandler("notifications/message", () => {
    logs++;
  });
  return {
    ...sameInBoth(client),
    era: () => (client.getProtocolEra() === "modern" ? "modern" : "legacy"),
    // On 2026-07-28 the level travels in the request's `_meta` (MCP 2026-07-28 "Logging"); the client
    // adds its envelope keys beside it.
    callTool: async (name, args, options) =>
      (await client.callTool(
        { name, arguments: args, ...(options?.logLevel && { _meta: { [LOG_LEVEL_META_KEY]: options.logLevel } }) },
        options?.onProgress ? { onprogress: (p) => options.onProgress?.(p.progress) } : undefined,
      )) as ToolResult,
    logMessages: () => logs,
  };
}
