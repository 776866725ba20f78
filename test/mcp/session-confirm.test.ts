/**
 * Confirmations on 2025-era sessions (MCP 2025-11-25 "Elicitation"): a destructive call on a session
 * whose client declared elicitation waits while the session object sends `elicitation/create` over
 * the call's stream, and runs only when the answer posted back into the session accepts it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { WORKSPACE_READ, WORKSPACE_WRITE } from "../../src/toolkits/workspace/scopes";
import { tokensFor } from "../helpers/grants";
import { openSse } from "../helpers/sse";
import { callTool, INITIALIZE, postMcp } from "../helpers/worker";

const SCOPES = [WORKSPACE_READ, WORKSPACE_WRITE, "notify:manage"];
let token: string;
beforeAll(async () => {
  token = (await tokensFor("test:session-confirm", SCOPES)).access_token;
});

async function openSessionWith(capabilities: Record<string, unknown>): Promise<string> {
  const response = await postMcp(token, { ...INITIALIZE, params: { ...INITIALIZE.params, capabilities } });
  const sessionId = response.headers.get("mcp-session-id") ?? "";
  await response.text();
  await postMcp(token, { jsonrpc: "2.0", method: "notifications/initialized" }, { "Mcp-Session-Id": sessionId }).then(
    (r) => r.text(),
  );
  return sessionId;
}

const session = (sessionId: string) => ({ "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" });
const textOf = (message: Record<string, any>) =>
  (message.result.content as { text: string }[]).map((block) => block.text).join("\n");

async function newNote(sessionId: string): Promise<string> {
  return (await callTool(token, sessionId, "notes_create", { title: "Groceries", body: "milk" })).result
    .structuredContent.id;
}

async function noteExists(sessionId: string, id: string): Promise<boolean> {
  return (await callTool(token, sessionId, "notes_get", { id })).result.isError !== true;
}

/** JSON-RPC messages off an SSE response body, one at a time, each read bounded. */
function sseMessages(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return async function next(ms = 5_000): Promise<Record<string, any>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = /^data: (.*)$/m.exec(buffer);
      if (match) {
        buffer = buffer.slice(match.index + match[0].length);
        return JSON.parse(match[1]!);
      }
      const chunk = await Promise.race([
        reader.read(),
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), Math.max(deadline - Date.now(), 0))),
      ]);
      if (chunk === "timeout") throw new Error(`no message within ${ms} ms: ${buffer}`);
      if (chunk.done) throw new Error(`stream ended: ${buffer}`);
      buffer += decoder.decode(chunk.value);
    }
  };
}

/** Call notes_delete on a Streamable HTTP session and answer the question with `answer` (a result or an error). */
async function deleteAnswering(sessionId: string, id: string, answer: { result: unknown } | { error: unknown }) {
  const response = await postMcp(
    token,
    { jsonrpc: "2.0", id: 77, method: "tools/call", params: { name: "notes_delete", arguments: { id } } },
    session(sessionId),
  );
  const next = sseMessages(response);
  const question = await next();
  expect(question).toMatchObject({
    method: "elicitation/create",
    params: { mode: "form", requestedSchema: { required: ["confirm"] } },
  });
  expect(question.params.message).toContain('"Groceries"');
  expect(await noteExists(sessionId, id)).toBe(true);
  const posted = await postMcp(token, { jsonrpc: "2.0", id: question.id, ...answer }, session(sessionId));
  expect(posted.status).toBe(202);
  let reply = await next();
  while (reply.id !== 77) reply = await next();
  await response.body?.cancel().catch(() => {});
  return reply;
}

describe("a Streamable HTTP session whose client declared elicitation", () => {
  let sessionId: string;
  beforeAll(async () => {
    sessionId = await openSessionWith({ elicitation: {} });
  });

  it("asks over the call's stream and deletes once the user accepts", async () => {
    const id = await newNote(sessionId);
    const reply = await deleteAnswering(sessionId, id, { result: { action: "accept", content: { confirm: true } } });
    expect(reply.result.structuredContent).toEqual({ id, deleted: true });
    expect(await noteExists(sessionId, id)).toBe(false);
  });

  for (const [label, answer, word] of [
    ["declines", { result: { action: "decline" } }, "declined"],
    ["cancels", { result: { action: "cancel" } }, "closed the confirmation"],
    ["accepts without ticking the box", { result: { action: "accept", content: { confirm: false } } }, "declined"],
    ["answers with an error", { error: { code: -32603, message: "no UI here" } }, "closed the confirmation"],
  ] as const) {
    it(`changes nothing and says so when the client ${label}`, async () => {
      const id = await newNote(sessionId);
      const reply = await deleteAnswering(sessionId, id, answer);
      expect(textOf(reply)).toContain(word);
      expect(textOf(reply)).toContain("nothing changed");
      expect(await noteExists(sessionId, id)).toBe(true);
    });
  }
});

describe("a Streamable HTTP session whose client declared URL-mode elicitation", () => {
  it("offers the channel page in URL mode, with an elicitation id, and reports the same link", async () => {
    const sessionId = await openSessionWith({ elicitation: { url: {} } });
    const response = await postMcp(
      token,
      {
        jsonrpc: "2.0",
        id: 78,
        method: "tools/call",
        params: { name: "notify_channel_link", arguments: { service: "slack" } },
      },
      session(sessionId),
    );
    const next = sseMessages(response);
    const question = await next();
    expect(question).toMatchObject({ method: "elicitation/create", params: { mode: "url" } });
    expect(question.params.url).toMatch(/\/account\/channels\/new\?link=/);
    expect(question.params.elicitationId).toMatch(/^[0-9a-f-]{36}$/);
    await postMcp(token, { jsonrpc: "2.0", id: question.id, result: { action: "accept" } }, session(sessionId)).then(
      (r) => r.text(),
    );
    let reply = await next();
    while (reply.id !== 78) reply = await next();
    await response.body?.cancel().catch(() => {});
    expect(reply.result.structuredContent.link).toBe(question.params.url);
  });

  it("does not ask a form-only client in URL mode: the link comes back in the result", async () => {
    const sessionId = await openSessionWith({ elicitation: { form: {} } });
    const reply = await callTool(token, sessionId, "notify_channel_link", { service: "discord" });
    expect(reply.result.structuredContent.link).toMatch(/\/account\/channels\/new\?link=/);
  });
});

describe("a session whose client declared no elicitation", () => {
  it("gets today's behaviour: the note is deleted at once", async () => {
    const sessionId = await openSessionWith({});
    const id = await newNote(sessionId);
    const reply = await callTool(token, sessionId, "notes_delete", { id });
    expect(reply.result.structuredContent).toEqual({ id, deleted: true });
  });
});

describe("a legacy HTTP+SSE session whose client declared elicitation", () => {
  it("asks over the session's stream and deletes once the user accepts", async () => {
    const stream = await openInitializedSseWith({ elicitation: {} });
    try {
      await stream.post({
        jsonrpc: "2.0",
        id: 5,
        method: "tools/call",
        params: { name: "notes_create", arguments: { title: "Groceries", body: "x" } },
      });
      const created = await stream.readUntil('"id":5');
      const noteId = /"structuredContent":\{"id":"(n_[^"]+)"/.exec(created)?.[1] ?? "";
      expect(noteId).not.toBe("");
      await stream.post({
        jsonrpc: "2.0",
        id: 6,
        method: "tools/call",
        params: { name: "notes_delete", arguments: { id: noteId } },
      });
      const asked = await stream.readUntil("elicitation/create");
      const line = asked.split("\n").find((l) => l.includes("elicitation/create"))!;
      const question = JSON.parse(line.slice(line.indexOf("{")));
      expect(question.params.mode).toBe("form");
      await stream.post({ jsonrpc: "2.0", id: question.id, result: { action: "accept", content: { confirm: true } } });
      const done = await stream.readUntil('"id":6');
      expect(done).toContain(`"deleted":true`);
    } finally {
      await stream.close();
    }
  });
});

async function openInitializedSseWith(capabilities: Record<string, unknown>) {
  const stream = await openSse(token);
  const response = await stream.post({ ...INITIALIZE, params: { ...INITIALIZE.params, capabilities } });
  if (response.status !== 202) throw new Error(`initialize over SSE: ${response.status}`);
  await stream.readUntil('"serverInfo"');
  await stream.post({ jsonrpc: "2.0", method: "notifications/initialized" });
  return stream;
}
