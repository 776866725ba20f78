/**
 * Confirmations on the 2026-07-28 leg (MCP 2026-07-28 "Multi Round-Trip Requests"): a destructive
 * call from a client that declares elicitation answers `input_required`, and only a retry carrying
 * an accepted answer and the signed, unexpired, unspent state minted for this user, client, tool
 * and arguments runs it. Each refusal path is checked against the user's real Workspace.
 */
import { env } from "cloudflare:workers";
import { createRequestStateCodec } from "@modelcontextprotocol/server";
import { beforeAll, describe, expect, it } from "vitest";
import { hashOfJson } from "../../../src/lib/canonical-json";
import { WORKSPACE_READ, WORKSPACE_WRITE } from "../../../src/toolkits/workspace/scopes";
import { openUserWorkspace } from "../../../src/workspace/open";
import { grantFor } from "../../helpers/grants";
import { ENVELOPE, modernRpc, modernTool } from "../../helpers/modern";

const SCOPES = [WORKSPACE_READ, WORKSPACE_WRITE];
const ASKS = { meta: { "io.modelcontextprotocol/clientCapabilities": { elicitation: { form: {} } } } };
const accept = { action: "accept", content: { confirm: true } };

interface Grant {
  token: string;
  userId: string;
  clientId: string;
}
let owner: Grant;
let ownerOtherClient: Grant;
let stranger: Grant;
beforeAll(async () => {
  const grant = async (subject: string): Promise<Grant> => {
    const { tokens, userId, clientId } = await grantFor(subject, SCOPES);
    return { token: tokens.access_token, userId, clientId };
  };
  owner = await grant("test:confirm-owner");
  ownerOtherClient = await grant("test:confirm-owner");
  stranger = await grant("test:confirm-stranger");
});

const textOf = (reply: Record<string, any>) =>
  (reply.result.content as { text: string }[]).map((block) => block.text).join("\n");

async function newNote(token: string, title = "Groceries"): Promise<string> {
  const reply = await modernTool(token, "notes_create", { title, body: "milk" });
  return reply.result.structuredContent.id as string;
}

async function noteExists(token: string, id: string): Promise<boolean> {
  return (await modernTool(token, "notes_get", { id })).result.isError !== true;
}

/** The first round of notes_delete: the question and its state. */
async function ask(grant: Grant, id: string): Promise<{ requestState: string; params: Record<string, any> }> {
  const reply = await modernTool(grant.token, "notes_delete", { id }, ASKS);
  expect(reply.result.resultType).toBe("input_required");
  return { requestState: reply.result.requestState, params: reply.result.inputRequests.confirm.params };
}

/** The retry: the same call with the user's answer and the state echoed back. */
function modernRpcRetry(
  token: string,
  name: string,
  args: Record<string, unknown>,
  requestState: string,
  answer: unknown,
) {
  return modernRpc(
    token,
    "tools/call",
    { name, arguments: args, inputResponses: { confirm: answer }, requestState },
    ASKS,
  );
}

/** A state signed with the owner's own key for the owner's client: what only the server can mint. */
async function mintAs(grant: Grant, payload: Record<string, unknown>, ttlSeconds = 3600): Promise<string> {
  const key = await openUserWorkspace(env, grant.userId).confirmationKey();
  const codec = createRequestStateCodec({ key, ttlSeconds, bind: () => grant.clientId });
  return codec.mint(payload, {} as never);
}

describe("a client without elicitation", () => {
  it("gets today's behaviour: the note is deleted at once", async () => {
    const id = await newNote(owner.token);
    const reply = await modernTool(
      owner.token,
      "notes_delete",
      { id },
      { meta: { "io.modelcontextprotocol/clientCapabilities": {} } },
    );
    expect(reply.result.structuredContent).toEqual({ id, deleted: true });
    expect(ENVELOPE["io.modelcontextprotocol/clientCapabilities"]).toEqual({});
  });
});

describe("a client with elicitation", () => {
  it("is asked first, with a form-mode question naming the note, and nothing is deleted yet", async () => {
    const id = await newNote(owner.token, "Tax return 2025");
    const reply = await modernTool(owner.token, "notes_delete", { id }, ASKS);
    expect(reply.result).toMatchObject({
      resultType: "input_required",
      inputRequests: {
        confirm: {
          method: "elicitation/create",
          params: { mode: "form", requestedSchema: { type: "object", required: ["confirm"] } },
        },
      },
    });
    expect(reply.result.inputRequests.confirm.params.message).toContain('"Tax return 2025"');
    expect(reply.result.requestState).toMatch(/^v1\./);
    expect(await noteExists(owner.token, id)).toBe(true);
  });

  it("deletes once the user accepts and ticks the box", async () => {
    const id = await newNote(owner.token);
    const { requestState } = await ask(owner, id);
    const reply = await modernRpcRetry(owner.token, "notes_delete", { id }, requestState, accept);
    expect(reply.result.structuredContent).toEqual({ id, deleted: true });
    expect(await noteExists(owner.token, id)).toBe(false);
  });

  for (const [label, answer, word] of [
    ["declines", { action: "decline" }, "declined"],
    ["cancels", { action: "cancel" }, "closed the confirmation"],
    ["accepts without ticking the box", { action: "accept", content: { confirm: false } }, "declined"],
  ] as const) {
    it(`changes nothing and says so when the user ${label}`, async () => {
      const id = await newNote(owner.token);
      const { requestState } = await ask(owner, id);
      const reply = await modernRpcRetry(owner.token, "notes_delete", { id }, requestState, answer);
      // isError only because the tool's output schema admits no "not done" (run-tool.ts).
      expect(reply.result.isError).toBe(true);
      expect(textOf(reply)).toContain(word);
      expect(textOf(reply)).toContain("nothing changed");
      expect(await noteExists(owner.token, id)).toBe(true);
    });
  }

  it("asks again when the retry carries the state but no answer", async () => {
    const id = await newNote(owner.token);
    const { requestState } = await ask(owner, id);
    const reply = await modernRpc(
      owner.token,
      "tools/call",
      { name: "notes_delete", arguments: { id }, requestState },
      ASKS,
    );
    expect(reply.result.resultType).toBe("input_required");
    expect(await noteExists(owner.token, id)).toBe(true);
  });

  it("refuses a replayed answer: each state confirms one call", async () => {
    const id = await newNote(owner.token);
    const { requestState } = await ask(owner, id);
    const declined = await modernRpcRetry(owner.token, "notes_delete", { id }, requestState, { action: "decline" });
    expect(textOf(declined)).toContain("declined");
    const replayed = await modernRpcRetry(owner.token, "notes_delete", { id }, requestState, accept);
    expect(replayed.result.isError).toBe(true);
    expect(textOf(replayed)).toContain("already answered");
    expect(await noteExists(owner.token, id)).toBe(true);
  });

  it("refuses a state given for other arguments", async () => {
    const asked = await newNote(owner.token);
    const other = await newNote(owner.token);
    const { requestState } = await ask(owner, asked);
    const reply = await modernRpcRetry(owner.token, "notes_delete", { id: other }, requestState, accept);
    expect(reply.result.isError).toBe(true);
    expect(textOf(reply)).toContain("other arguments");
    expect(await noteExists(owner.token, other)).toBe(true);
    expect(await noteExists(owner.token, asked)).toBe(true);
  });

  it("refuses a state given for another tool", async () => {
    const note = await newNote(owner.token);
    const upload = await modernTool(owner.token, "files_upload", { name: "a.txt", content: "hello" });
    const fileId = upload.result.structuredContent.id as string;
    const { requestState } = await ask(owner, note);
    const reply = await modernRpcRetry(owner.token, "files_delete", { id: fileId }, requestState, accept);
    expect(reply.result.isError).toBe(true);
    expect(textOf(reply)).toContain("given for notes_delete, not files_delete");
    expect((await modernTool(owner.token, "files_get", { id: fileId })).result.isError).not.toBe(true);
  });

  it("says an answer that came after the ten minutes expired, and changes nothing", async () => {
    const id = await newNote(owner.token);
    const requestState = await mintAs(owner, {
      id: "A".repeat(22),
      tool: "notes_delete",
      args: await hashOfJson({ id }),
      exp: Date.now() - 1,
    });
    const reply = await modernRpcRetry(owner.token, "notes_delete", { id }, requestState, accept);
    expect(textOf(reply)).toContain("The confirmation expired");
    expect(textOf(reply)).toContain("nothing changed");
    expect(await noteExists(owner.token, id)).toBe(true);
  });

  it("accepts a state minted the same way when it is current (the test's minting matches the server's)", async () => {
    const id = await newNote(owner.token);
    const requestState = await mintAs(owner, {
      id: "B".repeat(22),
      tool: "notes_delete",
      args: await hashOfJson({ id }),
      exp: Date.now() + 60_000,
    });
    const reply = await modernRpcRetry(owner.token, "notes_delete", { id }, requestState, accept);
    expect(reply.result.structuredContent).toEqual({ id, deleted: true });
  });

  const refusedAsInvalid = (reply: Record<string, any>) => {
    expect(reply.error?.code).toBe(-32602);
    expect(reply.error?.message).toBe("Invalid or expired requestState");
  };

  it("refuses a tampered state with -32602", async () => {
    const id = await newNote(owner.token);
    const { requestState } = await ask(owner, id);
    refusedAsInvalid(await modernRpcRetry(owner.token, "notes_delete", { id }, `${requestState}-TAMPERED`, accept));
    const [prefix, body, mac] = requestState.split(".");
    const payload = JSON.parse(atob(body!.replaceAll("-", "+").replaceAll("_", "/")));
    payload.p.exp += 3_600_000;
    const rewritten = btoa(JSON.stringify(payload)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    refusedAsInvalid(
      await modernRpcRetry(owner.token, "notes_delete", { id }, `${prefix}.${rewritten}.${mac}`, accept),
    );
    expect(await noteExists(owner.token, id)).toBe(true);
  });

  it("refuses another user's state with -32602", async () => {
    const id = await newNote(owner.token);
    const { requestState } = await ask(owner, id);
    const theirs = await newNote(stranger.token);
    refusedAsInvalid(await modernRpcRetry(stranger.token, "notes_delete", { id: theirs }, requestState, accept));
    expect(await noteExists(stranger.token, theirs)).toBe(true);
  });

  it("refuses the same user's state from another client with -32602", async () => {
    const id = await newNote(owner.token);
    const { requestState } = await ask(owner, id);
    refusedAsInvalid(await modernRpcRetry(ownerOtherClient.token, "notes_delete", { id }, requestState, accept));
    expect(await noteExists(owner.token, id)).toBe(true);
  });

  it("refuses a stale state (past the hour a state is accepted at all) with -32602", async () => {
    const id = await newNote(owner.token);
    const requestState = await mintAs(
      owner,
      { id: "C".repeat(22), tool: "notes_delete", args: await hashOfJson({ id }), exp: Date.now() + 60_000 },
      -10,
    );
    refusedAsInvalid(await modernRpcRetry(owner.token, "notes_delete", { id }, requestState, accept));
    expect(await noteExists(owner.token, id)).toBe(true);
  });

  it("asks nothing for a note that does not exist: the call says so directly", async () => {
    const reply = await modernTool(owner.token, "notes_delete", { id: "n_doesnotexist0000" }, ASKS);
    expect(reply.result.resultType).not.toBe("input_required");
    expect(reply.result.isError).toBe(true);
  });
});
