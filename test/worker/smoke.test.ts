import { describe, expect, it } from "vitest";
import { callTool, openSession, rpc, signIn } from "../helpers/worker";

describe("smoke", () => {
  it("signs in, opens a session and calls a tool", async () => {
    const { tokens } = await signIn();
    const sessionId = await openSession(tokens.access_token);
    const list = await rpc(tokens.access_token, sessionId, "tools/list");
    expect(list.result.tools.map((t: { name: string }) => t.name)).toContain("session_remember");
    const saved = await callTool(tokens.access_token, sessionId, "session_remember", { key: "k", value: "v" });
    expect(saved.result.isError).toBeFalsy();
    const recalled = await callTool(tokens.access_token, sessionId, "session_recall", { key: "k" });
    expect(recalled.result.structuredContent.entries[0].value).toBe("v");
  });
});
