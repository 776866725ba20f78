import { env, evictAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { OutpostSession } from "../../src/mcp/agent";
import { passesLevel } from "../../src/mcp/log-level";
import { openSession, rpc, signIn } from "../helpers/worker";

describe("passesLevel", () => {
  it("sends everything until a level is set, then that level and above", () => {
    expect(passesLevel("debug", undefined)).toBe(true);
    expect(passesLevel("info", "warning")).toBe(false);
    expect(passesLevel("warning", "warning")).toBe(true);
    expect(passesLevel("emergency", "error")).toBe(true);
    expect(passesLevel("notice", "info")).toBe(true);
  });
});

describe("logging/setLevel", () => {
  it("is kept in the session's state and outlives eviction", async () => {
    const token = (await signIn()).tokens.access_token;
    const sessionId = await openSession(token);
    const reply = await rpc(token, sessionId, "logging/setLevel", { level: "warning" });
    expect(reply.result).toEqual({});

    await evictAllDurableObjects();
    const stub = env.MCP_OBJECT.get(env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`));
    const level = await runInDurableObject(stub, (session: OutpostSession) => session.state.logLevel);
    expect(level).toBe("warning");
  });

  it("refuses an unknown level with -32602 and keeps the previous one", async () => {
    const token = (await signIn()).tokens.access_token;
    const sessionId = await openSession(token);
    await rpc(token, sessionId, "logging/setLevel", { level: "error" });
    const reply = await rpc(token, sessionId, "logging/setLevel", { level: "loud" });
    expect(reply.error?.code).toBe(-32602);
    const stub = env.MCP_OBJECT.get(env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`));
    expect(await runInDurableObject(stub, (session: OutpostSession) => session.state.logLevel)).toBe("error");
  });
});
