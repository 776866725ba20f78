/**
 * The pieces both eras share: which elicitation modes a client declared, what an answer means, and
 * how a 2025 session turns a timeout or a failed request into "expired" or "cancelled".
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { answerOf, confirmationForm, elicitationModes } from "../../src/mcp/confirmation-form";
import type { RequestExtra } from "../../src/mcp/sdk-v1-handler-table";
import { sessionConfirmations } from "../../src/mcp/session-confirm";

describe("elicitationModes", () => {
  it("reads 2025-06-18's bare elicitation as form, and 2025-11-25's members as they are", () => {
    expect(elicitationModes(undefined)).toEqual({ form: false, url: false });
    expect(elicitationModes({})).toEqual({ form: false, url: false });
    expect(elicitationModes({ elicitation: {} })).toEqual({ form: true, url: false });
    expect(elicitationModes({ elicitation: { form: {} } })).toEqual({ form: true, url: false });
    expect(elicitationModes({ elicitation: { url: {} } })).toEqual({ form: false, url: true });
    expect(elicitationModes({ elicitation: { form: {}, url: {} } })).toEqual({ form: true, url: true });
    expect(elicitationModes({ elicitation: true })).toEqual({ form: false, url: false });
  });
});

describe("answerOf", () => {
  const form = { message: "Delete?" };
  const page = { message: "Open?", url: "https://example.com/p" };
  it("lets a form answer through only when accepted with the box ticked", () => {
    expect(answerOf({ action: "accept", content: { confirm: true } }, form)).toBe("accepted");
    expect(answerOf({ action: "accept", content: { confirm: "true" } }, form)).toBe("declined");
    expect(answerOf({ action: "accept" }, form)).toBe("declined");
    expect(answerOf({ action: "decline" }, form)).toBe("declined");
    expect(answerOf({ action: "cancel" }, form)).toBe("cancelled");
  });
  it("takes a URL-mode accept as agreement to open the page", () => {
    expect(answerOf({ action: "accept" }, page)).toBe("accepted");
    expect(answerOf({ action: "decline" }, page)).toBe("declined");
  });
  it("builds a form with one unticked, required box, or a URL-mode request", () => {
    expect(confirmationForm(form)).toMatchObject({
      mode: "form",
      message: "Delete?",
      requestedSchema: { required: ["confirm"], properties: { confirm: { type: "boolean", default: false } } },
    });
    expect(confirmationForm(page)).toEqual({ mode: "url", message: "Open?", url: "https://example.com/p" });
  });
});

describe("sessionConfirmations", () => {
  const server = (capabilities: Record<string, unknown>) =>
    ({ getClientCapabilities: () => capabilities }) as unknown as Server;
  const extra = (sendRequest: () => Promise<unknown>) =>
    ({ sendRequest, signal: new AbortController().signal }) as unknown as RequestExtra;
  const call = { tool: "notes_delete", args: {} };

  it("is absent for a client without elicitation", () => {
    expect(
      sessionConfirmations(
        server({}),
        extra(async () => ({})),
      ),
    ).toBeUndefined();
  });

  it("calls a timeout expired and any other failure cancelled", async () => {
    const timedOut = sessionConfirmations(
      server({ elicitation: {} }),
      extra(async () => {
        throw new McpError(ErrorCode.RequestTimeout, "Request timed out");
      }),
    );
    expect(await timedOut!.ask(call, { message: "?" })).toEqual({ kind: "expired" });
    const failed = sessionConfirmations(
      server({ elicitation: {} }),
      extra(async () => {
        throw new Error("stream closed");
      }),
    );
    expect(await failed!.ask(call, { message: "?" })).toEqual({ kind: "cancelled" });
  });

  it("names each URL-mode question with an elicitation id", async () => {
    const sent: Record<string, unknown>[] = [];
    const channel = sessionConfirmations(
      server({ elicitation: { url: {} } }),
      extra(async function (this: unknown, ...args: unknown[]) {
        sent.push((args[0] as { params: Record<string, unknown> }).params);
        return { action: "accept" };
      } as never),
    );
    expect(channel!.modes).toEqual({ form: false, url: true });
    expect(await channel!.ask(call, { message: "Open?", url: "https://example.com/p" })).toEqual({ kind: "accepted" });
    expect(sent[0]).toMatchObject({
      mode: "url",
      url: "https://example.com/p",
      elicitationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });
});
