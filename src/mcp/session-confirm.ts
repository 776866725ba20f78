import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ElicitResultSchema, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { answerOf, confirmationForm, elicitationModes } from "./confirmation-form";
import type { ConfirmationChannel } from "./define";
import type { RequestExtra } from "./sdk-v1-handler-table";

/** How long a session waits for the user's answer; the same ten minutes as a 2026-07-28 confirmation. */
export const SESSION_CONFIRMATION_TIMEOUT_MS = 10 * 60_000;

/**
 * Confirmations on a 2025-era session (MCP 2025-11-25 "Elicitation"): the tool call waits while
 * the server sends `elicitation/create` to the client over the call's own stream (the POST's SSE
 * stream on Streamable HTTP, the session's GET stream on legacy SSE), and the client posts the
 * answer back into the session. Nothing is signed: the question and its answer never leave the
 * session object that asked. Undefined when the client declared no form-mode elicitation at
 * `initialize`, and then tools run as they always did.
 */
export function sessionConfirmations(server: Server, extra: RequestExtra): ConfirmationChannel | undefined {
  const modes = elicitationModes(server.getClientCapabilities());
  if (!modes.form && !modes.url) return undefined;
  return {
    modes,
    async ask(_call, confirmation) {
      const form = confirmationForm(confirmation);
      // 2025-11-25 URL mode names each elicitation, for `notifications/elicitation/complete`.
      const params = form.mode === "url" ? { ...form, elicitationId: crypto.randomUUID() } : form;
      try {
        const answer = await extra.sendRequest({ method: "elicitation/create", params }, ElicitResultSchema, {
          timeout: SESSION_CONFIRMATION_TIMEOUT_MS,
          signal: extra.signal,
        });
        return { kind: answerOf(answer, confirmation) };
      } catch (error) {
        // No answer in time is an expired confirmation; a client error, a dropped stream or a
        // cancelled call is a question left unanswered. Either way nothing runs.
        return { kind: error instanceof McpError && error.code === ErrorCode.RequestTimeout ? "expired" : "cancelled" };
      }
    },
  };
}
