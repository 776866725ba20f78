import type { Confirmation } from "./define";
import type { ElicitFormParams, ElicitUrlParams } from "./wire";

/**
 * The form both eras put to the user: the tool's message and one checkbox, unticked, that must be
 * ticked to go ahead. An accept without the tick counts as a no: a client that accepts forms
 * without showing them cannot confirm anything.
 */
export function confirmationForm(confirmation: Confirmation): ElicitFormParams | ElicitUrlParams {
  if (confirmation.url !== undefined) return { mode: "url", message: confirmation.message, url: confirmation.url };
  return {
    mode: "form",
    message: confirmation.message,
    requestedSchema: {
      type: "object",
      properties: {
        confirm: {
          type: "boolean",
          title: "Yes, go ahead",
          description: "Tick to confirm; leave unticked or decline to stop.",
          default: false,
        },
      },
      required: ["confirm"],
    },
  };
}

export type ElicitAnswer = { action: "accept" | "decline" | "cancel"; content?: Record<string, unknown> };

/** What an elicitation answer to `confirmationForm` means; in URL mode an accept carries no content. */
export function answerOf(answer: ElicitAnswer, confirmation: Confirmation): "accepted" | "declined" | "cancelled" {
  if (answer.action === "cancel") return "cancelled";
  if (answer.action !== "accept") return "declined";
  return confirmation.url !== undefined || answer.content?.confirm === true ? "accepted" : "declined";
}

/**
 * The elicitation modes a client declared: `elicitation: {}` means form (2025-06-18), and from
 * 2025-11-25 on each mode is a member (`{ form: {}, url: {} }`).
 */
export function elicitationModes(capabilities: { elicitation?: unknown } | undefined): { form: boolean; url: boolean } {
  const elicitation = capabilities?.elicitation;
  if (elicitation === null || typeof elicitation !== "object") return { form: false, url: false };
  const modes = elicitation as { form?: unknown; url?: unknown };
  return { form: modes.form !== undefined || modes.url === undefined, url: modes.url !== undefined };
}
