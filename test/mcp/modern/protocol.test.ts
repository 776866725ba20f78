/**
 * The 2026-07-28 leg of /mcp, driven in-process with raw requests: the spec's duties (MCP
 * 2026-07-28 "Versioning", "Streamable HTTP" §Request Metadata and §Server Validation, "Caching"),
 * each with the status and code the spec names.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { catalogOf } from "../../../src/mcp/catalog";
import { isGranted } from "../../../src/mcp/define";
import { toolkits } from "../../../src/toolkits";
import { ENVELOPE, MODERN_VERSION, modernMessages, modernRequest, modernRpc, postModern } from "../../helpers/modern";
import { INITIALIZE, postMcp, rpcMessages, send, signIn } from "../../helpers/worker";

let token: string;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token;
});

describe("server/discover and the lists", () => {
  it("answers server/discover with the modern version, capabilities, instructions and a cache hint", async () => {
    const reply = await modernRpc(token, "server/discover");
    expect(reply.result.supportedVersions).toEqual([MODERN_VERSION]);
    expect(reply.result.capabilities).toMatchObject({ tools: {}, resources: {}, prompts: {}, completions: {} });
    expect(reply.result.capabilities.tools.listChanged).toBeFalsy();
    expect(reply.result.instructions).toContain("Outpost");
    expect(reply.result.resultType).toBe("complete");
    expect(reply.result).toMatchObject({ ttlMs: 300_000, cacheScope: "private" });
    expect(reply.result._meta["io.modelcontextprotocol/serverInfo"]).toMatchObject({ name: "outpost" });
  });

  it("lists every granted tool in the catalog's fixed order, private and cacheable for minutes", async () => {
    const first = await modernRpc(token, "tools/list");
    const second = await modernRpc(token, "tools/list");
    const names = first.result.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual(catalogOf(toolkits).tools.map((tool) => tool.name));
    expect(second.result.tools.map((tool: { name: string }) => tool.name)).toEqual(names);
    expect(first.result).toMatchObject({ resultType: "complete", ttlMs: 300_000, cacheScope: "private" });
    for (const tool of first.result.tools) {
      expect(tool.title).toBeTruthy();
      expect(Object.keys(tool.annotations).sort()).toEqual([
        "destructiveHint",
        "idempotentHint",
        "openWorldHint",
        "readOnlyHint",
        "title",
      ]);
    }
  });

  it("registers only what the token's scopes allow", async () => {
    const narrow = (await signIn({ requestScope: "calc:use", scopes: ["calc:use"] })).tokens.access_token;
    const tools = await modernRpc(narrow, "tools/list");
    expect(tools.result.tools.map((tool: { name: string }) => tool.name)).toEqual(["calculate"]);
    const prompts = await modernRpc(narrow, "prompts/list");
    const expected = catalogOf(toolkits)
      .prompts.filter((prompt) => isGranted(["calc:use"], prompt.scope))
      .map((prompt) => prompt.name);
    expect(prompts.result.prompts.map((prompt: { name: string }) => prompt.name)).toEqual(expected);
    // A call outside the grant says which permission is missing, as in a 2025-era session.
    const refused = await modernRpc(narrow, "tools/call", {
      name: "notes_create",
      arguments: { title: "x", body: "y" },
    });
    expect(refused.result.isError).toBe(true);
    expect(refused.result.content[0].text).toContain('needs the "workspace:write" permission');
    const prompt = await modernRpc(narrow, "prompts/get", { name: "summarize_notes", arguments: {} });
    expect(prompt.error.code).toBe(-32602);
    expect(prompt.error.message).toContain('"workspace:read" permission');
    const unknown = await modernRpc(narrow, "tools/call", { name: "no_such_tool", arguments: {} });
    expect(unknown.error?.code ?? unknown.result?.isError).toBeTruthy();
  });

  it("never lists a resource that needs a 2025-era session, and lists the user's data with no cache lifetime", async () => {
    const list = await modernRpc(token, "resources/list");
    expect(list.result.resources.map((resource: { uri: string }) => resource.uri)).not.toContain(
      "session://scratchpad",
    );
    expect(list.result).toMatchObject({ ttlMs: 0, cacheScope: "private" });
    const templates = await modernRpc(token, "resources/templates/list");
    expect(
      templates.result.resourceTemplates.map((template: { uriTemplate: string }) => template.uriTemplate),
    ).toContain("scratchpad://{handle}");
  });
});

describe("tools, resources, prompts and completion", () => {
  it("calls a tool and returns the same structured result as a session would", async () => {
    const reply = await modernRpc(token, "tools/call", { name: "calculate", arguments: { expression: "2 + 3 * 4" } });
    expect(reply.result.resultType).toBe("complete");
    expect(reply.result.isError).toBeFalsy();
    expect(reply.result.structuredContent.result).toBe("14");
  });

  it("writes and reads a note, answers an unknown resource with -32602, and completes from the caller's data", async () => {
    const created = await modernRpc(token, "tools/call", {
      name: "notes_create",
      arguments: { title: "Modern era note", body: "Stateless hello", tags: ["era"] },
    });
    expect(created.result.isError).toBeFalsy();
    const id = created.result.structuredContent.id as string;
    const read = await modernRpc(token, "resources/read", { uri: `note://${id}` });
    expect(read.result.contents[0].text).toContain("Stateless hello");
    expect(read.result).toMatchObject({ resultType: "complete", ttlMs: 0, cacheScope: "private" });

    const missing = await modernMessages(token, "resources/read", { uri: "note://n_0000000000000000" });
    expect(missing.reply.error.code).toBe(-32602);

    const completion = await modernRpc(token, "completion/complete", {
      ref: { type: "ref/prompt", name: "summarize_notes" },
      argument: { name: "tag", value: "er" },
    });
    expect(completion.result.completion.values).toContain("era");

    const prompt = await modernRpc(token, "prompts/get", { name: "summarize_notes", arguments: { tag: "era" } });
    expect(JSON.stringify(prompt.result.messages)).toContain("Modern era note");
  });
});

describe("the envelope and headers (Streamable HTTP §Server Validation)", () => {
  it("refuses a missing capability envelope member with 400 and -32602", async () => {
    const { status, reply } = await modernMessages(
      token,
      "tools/list",
      {},
      { meta: { "io.modelcontextprotocol/clientCapabilities": undefined } },
    );
    expect(status).toBe(400);
    expect(reply.error.code).toBe(-32602);
  });

  it("refuses an unknown version with 400 and -32022, naming the supported ones", async () => {
    const { status, reply } = await modernMessages(
      token,
      "tools/list",
      {},
      {
        meta: { "io.modelcontextprotocol/protocolVersion": "2099-01-01" },
        headers: { "MCP-Protocol-Version": "2099-01-01" },
      },
    );
    expect(status).toBe(400);
    expect(reply.error.code).toBe(-32022);
    expect(reply.error.data.supported).toContain(MODERN_VERSION);
  });

  it("refuses a Mcp-Method or Mcp-Name that disagrees with the body with 400 and -32020", async () => {
    const method = await modernMessages(token, "tools/list", {}, { headers: { "Mcp-Method": "prompts/list" } });
    expect(method.status).toBe(400);
    expect(method.reply.error.code).toBe(-32020);
    const name = await modernMessages(
      token,
      "tools/call",
      { name: "calculate", arguments: { expression: "1" } },
      { headers: { "Mcp-Name": "notes_create" } },
    );
    expect(name.status).toBe(400);
    expect(name.reply.error.code).toBe(-32020);
    const encoded = `=?base64?${btoa("calculate")}?=`;
    const base64 = await modernMessages(
      token,
      "tools/call",
      { name: "calculate", arguments: { expression: "1" } },
      { headers: { "Mcp-Name": encoded } },
    );
    expect(base64.reply.result.isError).toBeFalsy();
  });

  it("answers an unknown method with 404 and -32601, and a removed 2025 method likewise", async () => {
    for (const method of ["nonsense/method", "ping", "logging/setLevel"]) {
      const { status, reply } = await modernMessages(token, method);
      expect(status, method).toBe(404);
      expect(reply.error.code, method).toBe(-32601);
    }
  });

  it("acknowledges a notification with 202", async () => {
    const body = { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1, _meta: ENVELOPE } };
    const response = await postMcp(token, body, {
      "MCP-Protocol-Version": MODERN_VERSION,
      "Mcp-Method": "notifications/cancelled",
    });
    expect(response.status).toBe(202);
  });

  it("serves Claude's mixed headers by the envelope (anthropics/claude-code#93290) and logs a warning", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const { status, reply } = await modernMessages(
        token,
        "tools/list",
        {},
        { headers: { "MCP-Protocol-Version": "2025-11-25" } },
      );
      expect(status).toBe(200);
      expect(reply.result.tools.length).toBeGreaterThan(0);
      const events = log.mock.calls.map(([line]) => JSON.parse(String(line)) as { event: string });
      expect(events.some((event) => event.event === "mcp_version_header_tolerated")).toBe(true);
    } finally {
      log.mockRestore();
    }
  });

  it("keeps 2025-era clients on sessions: initialize opens one, a claim-less request without a session is refused", async () => {
    const init = await postMcp(token, INITIALIZE);
    expect(init.status).toBe(200);
    expect(init.headers.get("Mcp-Session-Id")).toMatch(/^[0-9a-f]{64}$/);
    await init.text();
    const orphan = await postMcp(
      token,
      { jsonrpc: "2.0", id: 5, method: "tools/list", params: {} },
      { "MCP-Protocol-Version": "2025-11-25" },
    );
    expect(orphan.status).toBe(400);
    const [message] = await rpcMessages(orphan);
    // Not one of the modern codes a dual-era client treats as "this server speaks 2026" (-32020..-32022).
    expect([-32020, -32021, -32022]).not.toContain(message?.error?.code);
  });

  it("applies the body limit and the Origin guard before the modern handler", async () => {
    const { body, headers } = modernRequest("tools/call", {
      name: "calculate",
      arguments: { expression: "1".padEnd(2_000_000, "1") },
    });
    const big = await postMcp(token, body, headers);
    expect(big.status).toBe(413);
    expect(big.headers.get("Content-Type")).toContain("application/json");
    const foreign = await postModern(token, "tools/list", {}, { headers: { Origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
  });
});

describe("state without a session", () => {
  it("mints a scratchpad handle, reads it back by handle, and asks for it when it is missing", async () => {
    const saved = await modernRpc(token, "tools/call", {
      name: "session_remember",
      arguments: { key: "flight", value: "TP 1236 on Saturday" },
    });
    const handle = saved.result.structuredContent.scratchpad as string;
    expect(handle).toMatch(/^sp_[0-9a-z]{20}$/);
    expect(saved.result.content[0].text).toContain(handle);

    const again = await modernRpc(token, "tools/call", {
      name: "session_remember",
      arguments: { key: "seat", value: "window", scratchpad: handle },
    });
    expect(again.result.structuredContent).toMatchObject({ entries: 2, scratchpad: handle });
    const recalled = await modernRpc(token, "tools/call", {
      name: "session_recall",
      arguments: { scratchpad: handle },
    });
    expect(recalled.result.structuredContent.entries.map((entry: { key: string }) => entry.key)).toEqual([
      "flight",
      "seat",
    ]);
    const read = await modernRpc(token, "resources/read", { uri: `scratchpad://${handle}` });
    expect(read.result.contents[0].text).toContain("TP 1236");

    const without = await modernRpc(token, "tools/call", { name: "session_recall", arguments: {} });
    expect(without.result.isError).toBe(true);
    expect(without.result.content[0].text).toContain("session_remember returned");
    const unknown = await modernRpc(token, "tools/call", {
      name: "session_recall",
      arguments: { scratchpad: "sp_00000000000000000000" },
    });
    expect(unknown.result.isError).toBe(true);
  });

  it("reports the connection as stateless in session_info", async () => {
    const info = await modernRpc(token, "tools/call", { name: "session_info", arguments: {} });
    expect(info.result.structuredContent).toMatchObject({ sessionId: null, transport: "stateless", calls: null });
  });
});

describe("browser clients (the AI Playground)", () => {
  const PLAYGROUND = "https://playground.ai.cloudflare.com";

  it("lets a preflight send the 2026-07-28 headers", async () => {
    const preflight = await send("/mcp", {
      method: "OPTIONS",
      headers: {
        Origin: PLAYGROUND,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, mcp-protocol-version, mcp-method, mcp-name",
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe(PLAYGROUND);
    const allowed = (preflight.headers.get("Access-Control-Allow-Headers") ?? "").toLowerCase();
    // `*` covers every header but Authorization, which must be named (Fetch standard, CORS-safelisted headers).
    expect(allowed).toContain("authorization");
    expect(
      allowed.includes("*") ||
        ["mcp-method", "mcp-name", "mcp-protocol-version"].every((header) => allowed.includes(header)),
    ).toBe(true);
  });

  it("names the vetted origin on a modern answer", async () => {
    const response = await postModern(token, "tools/list", {}, { headers: { Origin: PLAYGROUND } });
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(PLAYGROUND);
  });
});
