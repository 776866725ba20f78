import { describe, expect, it } from "vitest";
import { normalizeOrigin, readConfig } from "../src/config";

describe("readConfig", () => {
  it("has documented defaults", () => {
    expect(readConfig({})).toEqual({
      publicUrl: undefined,
      allowedOrigins: [],
      dcrEnabled: true,
      allowedClients: "any",
      registrationsPerHour: 60,
      sessionIdleSeconds: 7 * 86_400,
      maxRequestBytes: 1_048_576,
      toolOutputMaxTokens: 20_000,
      logToolCalls: "errors",
      auditRetentionDays: 30,
    });
  });

  it("parses every variable", () => {
    const config = readConfig({
      PUBLIC_URL: "https://Outpost.Example.com/mcp",
      ALLOWED_ORIGINS: " https://a.example , not a url,https://b.example:8443/path ",
      DCR_ENABLED: "FALSE",
      ALLOWED_CLIENTS: " Claude ",
      REGISTRATIONS_PER_HOUR: "250",
      SESSION_IDLE_DAYS: "0.5",
      MAX_REQUEST_BYTES: "2048",
      TOOL_OUTPUT_MAX_TOKENS: "5000",
      LOG_TOOL_CALLS: " All ",
      AUDIT_RETENTION_DAYS: "90",
    });
    expect(config).toEqual({
      publicUrl: "https://outpost.example.com",
      allowedOrigins: ["https://a.example", "https://b.example:8443"],
      dcrEnabled: false,
      allowedClients: "claude",
      registrationsPerHour: 250,
      sessionIdleSeconds: 43_200,
      maxRequestBytes: 2048,
      toolOutputMaxTokens: 5000,
      logToolCalls: "all",
      auditRetentionDays: 90,
    });
  });

  it("still honours the older TOOL_OUTPUT_MAX_CHARS, at 4 characters a token, and takes the smaller of both", () => {
    expect(readConfig({ TOOL_OUTPUT_MAX_CHARS: "100000" }).toolOutputMaxTokens).toBe(25_000);
    expect(readConfig({ TOOL_OUTPUT_MAX_CHARS: "40000", TOOL_OUTPUT_MAX_TOKENS: "20000" }).toolOutputMaxTokens).toBe(
      10_000,
    );
    expect(readConfig({ TOOL_OUTPUT_MAX_CHARS: "400000", TOOL_OUTPUT_MAX_TOKENS: "20000" }).toolOutputMaxTokens).toBe(
      20_000,
    );
    expect(readConfig({ TOOL_OUTPUT_MAX_CHARS: "zero", TOOL_OUTPUT_MAX_TOKENS: "" }).toolOutputMaxTokens).toBe(20_000);
  });

  it.each(["", "errors", "every", "true"])("logs failed and slow tool calls only for LOG_TOOL_CALLS=%j", (raw) => {
    expect(readConfig({ LOG_TOOL_CALLS: raw }).logToolCalls).toBe("errors");
  });

  it.each(["", "abc", "-1", "0", "Infinity"])("falls back to the default for a bad number %j", (raw) => {
    expect(readConfig({ MAX_REQUEST_BYTES: raw }).maxRequestBytes).toBe(1_048_576);
    expect(readConfig({ REGISTRATIONS_PER_HOUR: raw }).registrationsPerHour).toBe(60);
  });

  it("allows at least one registration per hour", () => {
    expect(readConfig({ REGISTRATIONS_PER_HOUR: "0.2" }).registrationsPerHour).toBe(1);
  });
});

describe("helpers", () => {
  it("normalizes origins", () => {
    expect(normalizeOrigin("ftp://x.example")).toBeUndefined();
    expect(normalizeOrigin("  ")).toBeUndefined();
    expect(normalizeOrigin("http://localhost:8787/")).toBe("http://localhost:8787");
  });
});
