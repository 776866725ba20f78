import {
  CLIENT_CAPABILITIES_META_KEY,
  createRequestStateCodec,
  inputResponse,
  type RequestStateCodec,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { hashOfJson } from "../../lib/canonical-json";
import { openUserWorkspace } from "../../workspace/open";
import { answerOf, confirmationForm, elicitationModes } from "../confirmation-form";
import type { ConfirmationAnswer, ConfirmationChannel } from "../define";

/** How long the user has to answer a confirmation. */
export const CONFIRMATION_TTL_MS = 10 * 60_000;
/**
 * How long a signed state is accepted at all. Between the two, a late answer hears that the
 * confirmation expired and nothing was done; past this it is refused as stale (-32602).
 */
export const REQUEST_STATE_TTL_SECONDS = 60 * 60;
/** The `inputRequests` key of the one question a confirmation asks. */
const INPUT_KEY = "confirm";

/** What the signed `requestState` carries (readable by the client, so nothing secret). */
interface ConfirmationState {
  /** Random; spent in the user's Workspace when the answer is used, so a state answers once. */
  id: string;
  tool: string;
  /** SHA-256 of the call's arguments as validated (canonical JSON). */
  args: string;
  /** When the user's time to answer ends (ms). */
  exp: number;
}

/**
 * Confirmations on a stateless MCP 2026-07-28 request (MCP 2026-07-28 "Multi Round-Trip Requests").
 * The first round answers `input_required` with a form-mode `elicitation/create` and a
 * `requestState` signed by the SDK's `createRequestStateCodec` (HMAC-SHA256) under the user's own
 * key, kept in their Workspace object, and bound to the grant's client. The retry carries the answer
 * and the state: the SDK runs `verifyRequestState` before the tool (a bad signature, another user's
 * or client's state, or one past `REQUEST_STATE_TTL_SECONDS` → -32602 "Invalid or expired
 * requestState"); the channel then checks that the state was minted for this tool and these
 * arguments, that the user's time has not run out, and spends its id (a replay is refused).
 */
export function modernConfirmations(options: { env: Pick<Env, "WORKSPACE">; userId: string; clientId: string }) {
  const { env, userId, clientId } = options;
  let codec: Promise<RequestStateCodec<ConfirmationState>> | undefined;
  const workspace = () => openUserWorkspace(env, userId);
  const codecOf = () =>
    (codec ??= workspace()
      .confirmationKey()
      .then((key) =>
        createRequestStateCodec<ConfirmationState>({
          key,
          ttlSeconds: REQUEST_STATE_TTL_SECONDS,
          bind: () => clientId,
        }),
      ));

  return {
    /** `ServerOptions.requestState.verify`: throws on any state this user's key did not sign for this client. */
    verifyRequestState: async (state: string, ctx: ServerContext) => (await codecOf()).verify(state, ctx),

    /** The channel for one request; undefined when its client declared no form-mode elicitation. */
    channel(ctx: ServerContext): ConfirmationChannel | undefined {
      const envelope = ctx.mcpReq.envelope as Record<string, { elicitation?: unknown } | undefined> | undefined;
      const modes = elicitationModes(envelope?.[CLIENT_CAPABILITIES_META_KEY]);
      if (!modes.form && !modes.url) return undefined;
      return {
        modes,
        async ask(call, confirmation): Promise<ConfirmationAnswer> {
          const argsHash = await hashOfJson(call.args);
          const ask = async (): Promise<ConfirmationAnswer> => {
            const state: ConfirmationState = {
              id: randomId(),
              tool: call.tool,
              args: argsHash,
              exp: Date.now() + CONFIRMATION_TTL_MS,
            };
            return {
              kind: "pending",
              result: {
                resultType: "input_required",
                inputRequests: {
                  [INPUT_KEY]: { method: "elicitation/create", params: confirmationForm(confirmation) },
                },
                requestState: await (await codecOf()).mint(state, ctx),
              },
            };
          };

          const state = ctx.mcpReq.requestState<ConfirmationState | string>();
          if (state === undefined) return ask();
          if (typeof state !== "object" || state === null)
            return refused("this requestState was not issued by Outpost");
          if (state.tool !== call.tool) {
            return refused(`this confirmation was given for ${state.tool}, not ${call.tool}`, call.tool);
          }
          if (state.args !== argsHash)
            return refused(`this confirmation was given for ${call.tool} with other arguments`, call.tool);
          const answer = inputResponse(ctx.mcpReq.inputResponses, INPUT_KEY);
          // MCP 2026-07-28 MRTR: a retry without the answer is asked again.
          if (answer.kind !== "elicit") return ask();
          if (Date.now() > state.exp) return { kind: "expired" };
          if (!(await workspace().spendConfirmation(state.id, state.exp))) {
            return refused(
              "this confirmation was already answered once, and each answer is good for one call",
              call.tool,
            );
          }
          return { kind: answerOf(answer, confirmation) };
        },
      };
    },
  };
}

function refused(why: string, tool?: string): ConfirmationAnswer {
  const again = tool
    ? ` Call ${tool} again without inputResponses or requestState so the user is asked about this exact call.`
    : "";
  return { kind: "refused", reason: `Refused: ${why}. Nothing was changed.${again}` };
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}
