import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../../src/config";
import { SERVER_INFO } from "../../../src/mcp/agent";
import { SCRATCHPAD_LIMITS } from "../../../src/mcp/session-store";
import { toolkits } from "../../../src/toolkits";
import { CONNECTOR_LIMITS } from "../../../src/toolkits/connector/limits";
import { oauthOptions } from "../../../src/worker/oauth";
import { ORIGIN, openSession, rpc, signIn } from "../../helpers/worker";

let token: string;
let session: string;
beforeAll(async () => {
  token = (await signIn({ requestScope: "session:read", scopes: ["session:read"] })).tokens.access_token;
  session = await openSession(token);
});

async function readSection(section: string): Promise<Record<string, any>> {
  const reply = await rpc(token, session, "resources/read", { uri: `config://connector/${section}` });
  expect(reply.error, JSON.stringify(reply.error)).toBeUndefined();
  const [content] = reply.result.contents;
  expect(content.uri).toBe(`config://connector/${section}`);
  expect(content.mimeType).toBe("application/json");
  return JSON.parse(content.text);
}

describe("config://connector/{section}", () => {
  it("is a listed template any grant may use", async () => {
    const reply = await rpc(token, session, "resources/templates/list");
    expect(reply.result.resourceTemplates).toContainEqual(
      expect.objectContaining({
        uriTemplate: "config://connector/{section}",
        name: "connector_config",
        mimeType: "application/json",
      }),
    );
  });

  it("server: name, version, protocol versions and the transports' paths", async () => {
    const server = await readSection("server");
    expect(server).toMatchObject({
      section: "server",
      name: SERVER_INFO.name,
      title: SERVER_INFO.title,
      version: SERVER_INFO.version,
    });
    // 2026-07-28 statelessly; every 2025-era revision through a session.
    expect(server.protocolVersions.latest).toBe("2026-07-28");
    expect(server.protocolVersions.stateless).toEqual(["2026-07-28"]);
    expect(server.protocolVersions.supported).toEqual(
      expect.arrayContaining(["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]),
    );
    expect(server.transports.map((transport: any) => [transport.name, transport.path])).toEqual([
      ["streamable-http", "/mcp"],
      ["sse", "/sse"],
    ]);
    expect(server.transports[1].messagePath).toBe("/sse/message");
    expect(server.publicUrl).toBeNull();
  });

  it("auth: the same switches, lifetimes and scopes the OAuth provider is built with", async () => {
    const auth = await readSection("auth");
    const options = oauthOptions(ORIGIN, readConfig(env), { fetch: () => new Response(null) });
    expect(auth.signInMethods).toEqual(["passphrase"]);
    expect(auth.dynamicClientRegistration).toBe(options.clientRegistrationEndpoint !== undefined);
    expect(auth.clientIdMetadataDocuments).toBe(options.clientIdMetadataDocumentEnabled);
    expect(auth.accessTokenSeconds).toBe(options.accessTokenTTL);
    expect(auth.refreshTokenSeconds).toBe(options.refreshTokenTTL);
    expect(auth.scopesSupported).toEqual(options.scopesSupported);
  });

  it("limits: the effective core limits, the toolkits' settings with their declared defaults, and the prompt caps", async () => {
    const limits = await readSection("limits");
    const config = readConfig(env);
    expect(limits.maxRequestBytes).toBe(config.maxRequestBytes);
    expect(limits.toolOutputMaxTokens).toBe(config.toolOutputMaxTokens);
    expect(limits.sessionIdleDays).toBe(7);
    expect(limits.scratchpad).toEqual(SCRATCHPAD_LIMITS);
    expect(limits.toolkits).toEqual({
      workspaceFileMaxBytes: Number(env.WORKSPACE_FILE_MAX_BYTES),
      workspaceQuotaBytes: Number(env.WORKSPACE_QUOTA_BYTES),
      weatherTimeoutMs: Number(env.WEATHER_TIMEOUT_MS),
      notifyRatePerHour: Number(env.NOTIFY_RATE_PER_HOUR),
    });
    expect(limits.prompts).toEqual({ codeChars: 50_000, errorChars: 10_000, stackChars: 20_000 });
    expect(limits.resourceListPageSize).toBe(CONNECTOR_LIMITS.defaultPageSize);
  });

  it("toolkits and scopes: every registered toolkit, tool, prompt and scope sentence", async () => {
    const { toolkits: listed } = await readSection("toolkits");
    expect(listed.map((toolkit: any) => toolkit.name)).toEqual(toolkits.map((toolkit) => toolkit.name));
    for (const toolkit of toolkits) {
      expect(listed.find((entry: any) => entry.name === toolkit.name).tools).toEqual(
        toolkit.tools.map((tool) => tool.name),
      );
    }
    const connector = listed.find((entry: any) => entry.name === "connector");
    expect(connector).toEqual({
      name: "connector",
      title: "Connector",
      tools: [],
      prompts: ["code_review", "analyze_error"],
      resources: [],
      resourceTemplates: ["config://connector/{section}", "docs://tools/{name}"],
    });
    const { scopes } = await readSection("scopes");
    expect(scopes).toEqual(Object.assign({}, ...toolkits.map((toolkit) => toolkit.scopes)));
    expect(scopes["session:read"]).toContain("scratchpad");
  });

  it("never contains a secret, not even masked", async () => {
    const secrets = Object.entries(env as unknown as Record<string, unknown>)
      .filter(
        ([name, value]) => /SECRET|PASSPHRASE|KEY|TOKEN/.test(name) && typeof value === "string" && value.length >= 8,
      )
      .map(([, value]) => value as string);
    expect(secrets).toContain(env.OWNER_PASSPHRASE);
    expect(secrets).toContain(env.NOTIFY_ENCRYPTION_KEY);
    for (const section of ["server", "auth", "limits", "toolkits", "scopes"]) {
      const text = JSON.stringify(await readSection(section));
      for (const secret of secrets) expect(text, section).not.toContain(secret);
      expect(text, section).not.toMatch(/PASSPHRASE|ENCRYPTION_KEY|CLIENT_SECRET|\*{4}/);
    }
  });

  it("answers -32002 for an unknown section", async () => {
    for (const uri of ["config://connector/secrets", "config://connector/Server", "config://connector/"]) {
      const reply = await rpc(token, session, "resources/read", { uri });
      expect(reply.error?.code, uri).toBe(-32002);
      expect(reply.error.message).toContain("resources/list");
    }
  });

  it("completes {section}", async () => {
    const complete = (value: string) =>
      rpc(token, session, "completion/complete", {
        ref: { type: "ref/resource", uri: "config://connector/{section}" },
        argument: { name: "section", value },
      });
    expect((await complete("")).result.completion.values).toEqual(["server", "auth", "limits", "toolkits", "scopes"]);
    expect((await complete("s")).result.completion.values).toEqual(["server", "scopes"]);
    expect((await complete("LIM")).result.completion.values).toEqual(["limits"]);
    expect((await complete("zzz")).result.completion.values).toEqual([]);
  });
});
