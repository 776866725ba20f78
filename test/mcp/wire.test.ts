/// <reference types="vite/client" />
/**
 * The contract behind src/mcp/wire.ts: the shapes toolkits produce are valid MCP in both SDKs'
 * own schemas, so neither era adapter needs to convert them. Fails loudly when either SDK's schema
 * moves away from what Outpost emits.
 */

import {
  CallToolResultSchema,
  GetPromptResultSchema,
  ReadResourceResultSchema,
  ResourceSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { isSpecType } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import {
  type CallToolResult,
  type GetPromptResult,
  LOGGING_LEVELS,
  type ReadResourceResult,
  type Resource,
} from "../../src/mcp/wire";

const toolResult: CallToolResult = {
  content: [
    { type: "text", text: "hello" },
    { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" },
    { type: "audio", data: "UklGRg==", mimeType: "audio/wav" },
    { type: "resource_link", uri: "file://f_1", name: "a.png", mimeType: "image/png", size: 10 },
    { type: "resource", resource: { uri: "note://n_1", mimeType: "text/markdown", text: "# hi" } },
    { type: "resource", resource: { uri: "file://f_1", mimeType: "image/png", blob: "iVBORw0KGgo=" } },
  ],
  structuredContent: { ok: true },
  isError: false,
};
const read: ReadResourceResult = {
  contents: [
    { uri: "note://n_1", mimeType: "text/markdown", text: "# hi" },
    { uri: "file://f_1", blob: "AA==" },
  ],
};
const prompt: GetPromptResult = {
  description: "d",
  messages: [{ role: "user", content: { type: "text", text: "x" } }],
};
const resource: Resource = {
  uri: "note://n_1",
  name: "n",
  title: "N",
  description: "d",
  mimeType: "text/markdown",
  size: 3,
};

describe("wire shapes", () => {
  it("are valid for SDK v1 (2025-era sessions)", () => {
    expect(CallToolResultSchema.safeParse(toolResult).success).toBe(true);
    expect(ReadResourceResultSchema.safeParse(read).success).toBe(true);
    expect(GetPromptResultSchema.safeParse(prompt).success).toBe(true);
    expect(ResourceSchema.safeParse(resource).success).toBe(true);
  });

  it("are valid for SDK v2 (2026-07-28)", () => {
    expect(isSpecType.CallToolResult(toolResult)).toBe(true);
    expect(isSpecType.ReadResourceResult(read)).toBe(true);
    expect(isSpecType.GetPromptResult(prompt)).toBe(true);
    expect(isSpecType.Resource(resource)).toBe(true);
    for (const level of LOGGING_LEVELS) expect(isSpecType.LoggingLevel(level)).toBe(true);
  });

  it("would catch a shape neither SDK accepts", () => {
    const broken = { content: [{ type: "text", body: "no text member" }] };
    expect(CallToolResultSchema.safeParse(broken).success).toBe(false);
    expect(isSpecType.CallToolResult(broken)).toBe(false);
  });
});

describe("era neutrality", () => {
  // Sources as text, through Vite: the runtime tests have no file system.
  const sources = {
    ...import.meta.glob("../../src/toolkits/**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true }),
    ...import.meta.glob("../../src/mcp/{define,catalog,wire,views,run-tool,output-cap,user-context}.ts", {
      query: "?raw",
      import: "default",
      eager: true,
    }),
  } as Record<string, string>;

  it("reads the sources it checks", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
  });

  it("keeps toolkits and the definitions free of either SDK", () => {
    const offenders = Object.entries(sources)
      .filter(([, text]) => /from\s+["']@modelcontextprotocol\//.test(text) || /from\s+["']agents/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
