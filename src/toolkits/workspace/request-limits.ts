/**
 * How much one tool call can carry, and how the HTTP edge and the tool schemas relate.
 *
 * The edge (`MAX_REQUEST_BYTES`, checked in src/worker/message-guard.ts) refuses a body over the limit
 * with HTTP 413 before anything parses it. It has to: it protects the Worker from any body, and it
 * cannot know which argument made the request large. But a 413 reaches Claude as a transport failure
 * that says nothing it can act on. So the schemas, not the edge, are the limits Claude works with:
 * every string argument that can be large (`files_upload.content`, `notes_import.bundle`, a note's
 * title or body in `notes_import.notes`) is capped at `ARGUMENT_MAX_CHARS`, which sits below the
 * default edge by the JSON-RPC envelope and a headroom:
 *
 *   MAX_REQUEST_BYTES (1 MiB) = ARGUMENT_MAX_CHARS + REQUEST_ENVELOPE_BYTES (4 KiB) + ARGUMENT_HEADROOM_BYTES (64 KiB)
 *
 * so that (1) a call at the maximum fits the edge (base64 and ASCII text take one byte a character;
 * other text takes 2 to 4, see the argument descriptions), and (2) a call up to the headroom over a
 * maximum still passes the edge and is answered by the schema with an `isError` result that names the
 * limit and says what to do. Only a call far over it meets the 413, whose message says the same.
 * Schemas are fixed when the tools are defined, so they follow the default edge: a deployment that
 * lowers `MAX_REQUEST_BYTES` makes the top of the range unreachable (413), one that raises it gains
 * nothing for these arguments (docs/toolkits/workspace.md).
 */

import { DEFAULT_MAX_REQUEST_BYTES } from "../../config";
import type { ToolContext } from "../../mcp/define";
import { formatBytes, readStorageLimits } from "../../workspace/limits";

/** McpAgent refuses request bodies over 4 MiB on its own, whatever MAX_REQUEST_BYTES says. */
export const AGENT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** Room kept in a request for the JSON-RPC envelope, the file name and the other arguments. */
export const REQUEST_ENVELOPE_BYTES = 4 * 1024;
/** How far over an argument's maximum a call can go and still get the schema's `isError` rather than a 413. */
export const ARGUMENT_HEADROOM_BYTES = 64 * 1024;
/** The most characters one large string argument may have: 978,944 with the default edge. */
export const ARGUMENT_MAX_CHARS = DEFAULT_MAX_REQUEST_BYTES - REQUEST_ENVELOPE_BYTES - ARGUMENT_HEADROOM_BYTES;

export interface UploadLimits {
  /** Largest file the store accepts (`WORKSPACE_FILE_MAX_BYTES`). */
  fileMaxBytes: number;
  quotaBytes: number;
  /** Largest request body that reaches a tool: MAX_REQUEST_BYTES, capped by McpAgent's own 4 MiB. */
  requestBytes: number;
  /** Largest file one files_upload call can carry as base64 (4 characters per 3 bytes). */
  base64Bytes: number;
  /** Largest file one files_upload call can carry as ASCII text (other characters take more of the request). */
  textBytes: number;
}

/**
 * The limits an upload through a tool call actually meets: the schema's `ARGUMENT_MAX_CHARS`, the
 * deployment's request limit when that is lower, and the store's file limit.
 */
export function uploadLimits(ctx: Pick<ToolContext, "env" | "config">): UploadLimits {
  const storage = readStorageLimits(ctx.env);
  const requestBytes = Math.min(ctx.config.maxRequestBytes, AGENT_MAX_REQUEST_BYTES);
  const payload = Math.max(0, Math.min(ARGUMENT_MAX_CHARS, requestBytes - REQUEST_ENVELOPE_BYTES));
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
    `One files_upload call can carry at most ${formatBytes(limits.base64Bytes)} as base64 or ${formatBytes(limits.textBytes)} of ASCII text ` +
    `(requests are capped at ${formatBytes(limits.requestBytes)}); the workspace accepts files up to ${formatBytes(limits.fileMaxBytes)} ` +
    `and ${formatBytes(limits.quotaBytes)} in total.`
  );
}

/** What to do about a file too large for one call: there is no other upload route. */
export const SHRINK_FILE =
  "Upload a smaller file: compress it (a zip, or a JPEG instead of a PNG), or split a text file into several files.";
/** What to do about an import too large for one call. */
export const SPLIT_IMPORT = "Split the import into several notes_import calls (each notes_export part fits in one).";
