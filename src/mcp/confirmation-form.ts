import type { Confirmation } from "./define";
import type { ElicitFormParams } from "./wire";

/**
 * The form both eras put to the user: the tool's message and one checkbox, unticked, that must be
 * ticked to go ahead. An accept without the tick counts as a no: a client that accepts forms
 * without showing them cannot confirm anything.
 */
export function confirmationForm(confirmation: Confirmation): ElicitFormParams {
  return {
    mode: "form",
    message: confirmation.message,
    requestedSchema: {
      type: "object",
      properties: { confirm: { type: "boolean", title: "Yes, go ahead", description: "Tick to confirm; leave unticked or decline to stop.", default: false } },
      required: ["confirm"],
    },
  };
}

export type ElicitAnswer = { action: "accept" | "decline" | "cancel"; content?: Record<string, unknown> };

/** What an elicitation answer to `confirmationForm` means. */
export function answerOf(answer: ElicitAnswer): "accepted" | "declined" | "cancelled" {
  if (answer.action === "cancel") return "cancelled";
  return answer.action === "accept" && answer.content?.confirm === true ? "accepted" : "declined";
}

/** Form-mode elicitation is declared as `elicitation: {}` (2025-06-18) or with a `form` member (2025-11-25 on). */
export function supportsFormElicitation(capabilities: { elicitation?: unknown } | undefined): boolean {
  const elicitation = capabilities?.elicitation;
  if (elicitation === null || typeof elicitation !== "object") return false;
  const modes = elicitation as { form?: unknown; url?: unknown };
  return modes.form !== undefined || modes.url === undefined;
}
