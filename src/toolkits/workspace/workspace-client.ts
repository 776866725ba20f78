/**
 * The toolkit's only way into storage: the caller's own Workspace object, and the translation of its
 * `Result` errors into messages that tell Claude what to do next.
 */
import type { ToolContext } from "../../mcp/define";
import { UserError } from "../../mcp/define";
import type { Result, WorkspaceApi, WorkspaceError, WorkspaceErrorCode } from "../../workspace/api";
import { formatBytes, readStorageLimits } from "../../workspace/limits";
import { openUserWorkspace } from "../../workspace/open";

/** The Workspace object of the user the token belongs to (the grant's user id, never client input). */
export function openWorkspace(ctx: Pick<ToolContext, "env" | "props">): WorkspaceApi {
  return openUserWorkspace(ctx.env, ctx.props.userId);
}

/** What to tell Claude to do next, per error code, for one tool. The store's message comes first. */
export type NextSteps = Partial<Record<WorkspaceErrorCode, string>>;

const DEFAULT_STEPS: NextSteps = {
  invalid_cursor: "Pass back a nextCursor exactly as a previous call returned it, or omit cursor to start from the first page.",
};

/** The value of an ok result; a failed one becomes a `UserError` carrying the store's message and the next step. */
export function expectOk<T>(result: Result<T>, steps: NextSteps = {}): T {
  if (result.ok) return result.value;
  throw new UserError(describeError(result.error, steps));
}

export function describeError(error: WorkspaceError, steps: NextSteps = {}): string {
  const next = steps[error.code] ?? DEFAULT_STEPS[error.code];
  return next && !error.message.includes(next) ? `${error.message} ${next}` : error.message;
}

/** McpAgent refuses request bodies over 4 MiB on its own, whatever MAX_REQUEST_BYTES says. */
export const AGENT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** Room kept in a request for the JSON-RPC envelope, the file name and the other arguments. */
export const REQUEST_ENVELOPE_BYTES = 4 * 1024;

export interface UploadLimits {
  /** Largest file the store accepts (`WORKSPACE_FILE_MAX_BYTES`). */
  fileMaxBytes: number;
  quotaBytes: number;
  /** Largest request body that reaches a tool: MAX_REQUEST_BYTES, capped by McpAgent's own 4 MiB. */
  requestBytes: number;
  /** Largest file one files_upload call can carry as base64 (4 characters per 3 bytes). */
  base64Bytes: number;
  /** Largest file one files_upload call can carry as text (UTF-8 bytes, before JSON escaping). */
  textBytes: number;
}

/**
 * The limits an upload through a tool call actually meets. A file travels inside the JSON-RPC
 * request, so the request cap, not the 10 MB file limit, is usually what binds.
 */
export function uploadLimits(ctx: Pick<ToolContext, "env" | "config">): UploadLimits {
  const storage = readStorageLimits(ctx.env);
  const requestBytes = Math.min(ctx.config.maxRequestBytes, AGENT_MAX_REQUEST_BYTES);
  const payload = Math.max(0, requestBytes - REQUEST_ENVELOPE_BYTES);
  return {
    fileMaxBytes: storage.fileMaxBytes,
    quotaBytes: storage.quotaBytes,
    requestBytes,
    base64Bytes: Math.min(storage.fileMaxBytes, Math.floor((payload * 3) / 4)),
    textBytes: Math.min(storage.fileMaxBytes, payload),
  };
}

export function describeUploadLimits(limits: UploadLimits): string {
  return (
    `One files_upload call can carry at most ${formatBytes(limits.base64Bytes)} as base64 or ${formatBytes(limits.textBytes)} as text ` +
    `(requests are capped at ${formatBytes(limits.requestBytes)}); the workspace accepts files up to ${formatBytes(limits.fileMaxBytes)} ` +
    `and ${formatBytes(limits.quotaBytes)} in total.`
  );
}
