import { evictAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { OutpostSession } from "../../src/mcp/agent";
import { SCRATCHPAD_LIMITS } from "../../src/mcp/session-store";
import { ALL_SCOPES, callTool, openSession, rpc, signIn, textOf } from "../helpers/worker";

let token: string;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token;
});

describe("session toolkit", () => {
  it("remembers, recalls by key and query, and forgets", async () => {
    const session = await openSession(token);
    const first = await callTool(token, session, "session_remember", { value: "Prefers window seats" });
    expect(first.result.structuredContent).toEqual({
      key: "note-1",
      replaced: false,
      entries: 1,
      maxEntries: SCRATCHPAD_LIMITS.entries,
    });
    await callTool(token, session, "session_remember", { key: "flight", value: "TP 1234 on Friday" });
    const replaced = await callTool(token, session, "session_remember", {
      key: "flight",
      value: "TP 1236 on Saturday",
    });
    expect(replaced.result.structuredContent.replaced).toBe(true);

    const byKey = await callTool(token, session, "session_recall", { key: "flight" });
    expect(byKey.result.structuredContent.entries.map((e: { value: string }) => e.value)).toEqual([
      "TP 1236 on Saturday",
    ]);
    const byQuery = await callTool(token, session, "session_recall", { query: "WINDOW" });
    expect(byQuery.result.structuredContent.entries.map((e: { key: string }) => e.key)).toEqual(["note-1"]);
    const none = await callTool(token, session, "session_recall", { query: "hotel" });
    expect(textOf(none)).toContain("Nothing matches");

    const forgot = await callTool(token, session, "session_forget", { key: "flight" });
    expect(forgot.result.structuredContent).toEqual({ deleted: ["flight"], remaining: 1 });
    const missing = await callTool(token, session, "session_forget", { key: "flight" });
    expect(missing.result.isError).toBe(true);
    expect(textOf(missing)).toContain("session_recall");
    const ambiguous = await callTool(token, session, "session_forget", {});
    expect(ambiguous.result.isError).toBe(true);
    const all = await callTool(token, session, "session_forget", { all: true });
    expect(all.result.structuredContent.remaining).toBe(0);
  });

  it("keeps each session's scratchpad to itself", async () => {
    const a = await openSession(token);
    const b = await openSession(token);
    await callTool(token, a, "session_remember", { key: "only-a", value: "secret of a" });
    const fromB = await callTool(token, b, "session_recall", {});
    expect(fromB.result.structuredContent.entries).toEqual([]);
  });

  it("enforces its limits at the edge with actionable errors", async () => {
    const session = await openSession(token);
    const atLimit = await callTool(token, session, "session_remember", {
      key: "big",
      value: "v".repeat(SCRATCHPAD_LIMITS.valueChars),
    });
    expect(atLimit.result.isError).toBeFalsy();
    const over = await callTool(token, session, "session_remember", {
      value: "v".repeat(SCRATCHPAD_LIMITS.valueChars + 1),
    });
    expect(over.result.isError).toBe(true);
    expect(textOf(over)).toContain(`longer than ${SCRATCHPAD_LIMITS.valueChars} characters`);
    const badKey = await callTool(token, session, "session_remember", { key: "a/b", value: "x" });
    expect(badKey.result.isError).toBe(true);

    for (let i = 1; i < SCRATCHPAD_LIMITS.entries; i++) {
      const saved = await callTool(token, session, "session_remember", { key: `k${i}`, value: "x" });
      expect(saved.result.isError, `entry ${i}`).toBeFalsy();
    }
    const full = await callTool(token, session, "session_remember", { key: "one-too-many", value: "x" });
    expect(full.result.isError).toBe(true);
    expect(textOf(full)).toContain(`full (${SCRATCHPAD_LIMITS.entries} entries)`);
    // Overwriting an existing key still works when full.
    const overwrite = await callTool(token, session, "session_remember", { key: "k1", value: "y" });
    expect(overwrite.result.isError).toBeFalsy();
  });

  it("refuses a recall larger than the output cap with advice instead of truncating data", async () => {
    const session = await openSession(token);
    for (let i = 0; i < 30; i++) {
      await callTool(token, session, "session_remember", {
        key: `chunk${i}`,
        value: `${i}`.padEnd(SCRATCHPAD_LIMITS.valueChars, "."),
      });
    }
    const everything = await callTool(token, session, "session_recall", {});
    expect(everything.result.isError).toBe(true);
    expect(textOf(everything)).toContain("20,000-token limit");
    const one = await callTool(token, session, "session_recall", { key: "chunk7" });
    expect(one.result.isError).toBeFalsy();
  });

  it("sets, validates and clears preferences, and reports them in session_info", async () => {
    const session = await openSession(token);
    const set = await callTool(token, session, "session_set_preferences", {
      units: "imperial",
      timeZone: "America/Sao_Paulo",
      language: "pt-BR",
    });
    expect(set.result.structuredContent).toEqual({
      units: "imperial",
      timeZone: "America/Sao_Paulo",
      language: "pt-BR",
    });
    const badZone = await callTool(token, session, "session_set_preferences", { timeZone: "Mars/Olympus_Mons" });
    expect(badZone.result.isError).toBe(true);
    expect(textOf(badZone)).toContain("IANA time zone");
    const cleared = await callTool(token, session, "session_set_preferences", { units: null });
    expect(cleared.result.structuredContent.units).toBeNull();

    const info = await callTool(token, session, "session_info");
    expect(info.result.structuredContent).toMatchObject({
      sessionId: session,
      transport: "streamable-http",
      user: "Owner",
      clientName: "Test Client",
      scopes: ALL_SCOPES,
      units: null,
      timeZone: "America/Sao_Paulo",
      language: "pt-BR",
    });
    // Two calls ran; the one refused by input validation never reached a handler.
    expect(info.result.structuredContent.calls).toBe(2);
  });

  it("counts calls and the last call's time exactly across eviction, outside the session state", async () => {
    const session = await openSession(token);
    const before = Date.now();
    for (let n = 0; n < 3; n++) await callTool(token, session, "session_recall", {});
    await evictAllDurableObjects();
    const info = await callTool(token, session, "session_info");
    expect(info.result.structuredContent.calls).toBe(3);
    expect(Date.parse(info.result.structuredContent.lastCallAt)).toBeGreaterThanOrEqual(before);
    expect(textOf(info)).toContain("3 tool calls before this one");
    const stub = env.MCP_OBJECT.get(
      env.MCP_OBJECT.idFromName(`streamable-http:${session}`),
    ) as DurableObjectStub<OutpostSession>;
    const state = await runInDurableObject(stub, (instance) => instance.state as unknown as Record<string, unknown>);
    expect(Object.keys(state)).not.toContain("calls");
  });

  it("serves the scratchpad as a Markdown resource", async () => {
    const session = await openSession(token);
    const empty = await rpc(token, session, "resources/read", { uri: "session://scratchpad" });
    expect(empty.result.contents[0].text).toContain("Empty");
    await callTool(token, session, "session_remember", { key: "todo", value: "Call the bank" });
    const listed = await rpc(token, session, "resources/list");
    // Fixed resources come first in resources/list, before any template's members.
    expect(listed.result.resources[0]).toEqual(
      expect.objectContaining({ uri: "session://scratchpad", mimeType: "text/markdown" }),
    );
    const read = await rpc(token, session, "resources/read", { uri: "session://scratchpad" });
    expect(read.result.contents[0]).toMatchObject({ uri: "session://scratchpad", mimeType: "text/markdown" });
    expect(read.result.contents[0].text).toContain("## todo\n");
    expect(read.result.contents[0].text).toContain("Call the bank");
    const unknown = await rpc(token, session, "resources/read", { uri: "session://nothing" });
    expect(unknown.error.code).toBe(-32002);
  });

  it("lists every tool with its title and annotations on the wire", async () => {
    const session = await openSession(token);
    const { result } = await rpc(token, session, "tools/list");
    for (const tool of result.tools) {
      expect(tool.title).toBeTruthy();
      expect(Object.keys(tool.annotations).sort()).toEqual([
        "destructiveHint",
        "idempotentHint",
        "openWorldHint",
        "readOnlyHint",
        "title",
      ]);
      expect(tool.inputSchema.type).toBe("object");
    }
  });
});
