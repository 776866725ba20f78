/**
 * The toolkit's only way into storage: the caller's own Workspace object, and the translation of its
 * `Result` errors into messages that tell Claude what to do next.
 */

import { unwrap } from "../../lib/result";
import type { ToolContext } from "../../mcp/define";
import { binding, UserError } from "../../mcp/define";
import type { Result, WorkspaceApi, WorkspaceError, WorkspaceErrorCode } from "../../workspace/api";
import { openUserWorkspace } from "../../workspace/open";

/** The Workspace object of the user the token belongs to (the grant's user id, never client input). */
export function openWorkspace(ctx: Pick<ToolContext, "env" | "props">): WorkspaceApi {
  return openUserWorkspace({ WORKSPACE: binding(ctx.env, "WORKSPACE") }, ctx.props.userId);
}

/** What to tell Claude to do next, per error code, for one tool. The store's message comes first. */
export type NextSteps = Partial<Record<WorkspaceErrorCode, string>>;

const DEFAULT_STEPS: NextSteps = {
  invalid_cursor:
    "Pass back a nextCursor exactly as a previous call returned it, or omit cursor to start from the first page.",
};

/** The value of an ok result; a failed one becomes a `UserError` carrying the store's message and the next step. */
export function expectOk<T>(result: Result<T>, steps: NextSteps = {}): T {
  return unwrap(result, (error) => new UserError(describeError(error, steps)));
}

export function describeError(error: WorkspaceError, steps: NextSteps = {}): string {
  const next = steps[error.code] ?? DEFAULT_STEPS[error.code];
  return next && !error.message.includes(next) ? `${error.message} ${next}` : error.message;
}
