import { z } from "zod";
import { readConfig } from "../../config";
import { base64ToBytes } from "../../lib/encoding";
import { defineTool, UserError } from "../../mcp/define";
import { FILE_LIMITS, formatBytes } from "../../workspace/limits";
import { isImageType } from "./file-content";
import { planImage } from "./image-scale";
import { ARGUMENT_MAX_CHARS, describeUploadLimits, SHRINK_FILE, uploadLimits } from "./request-limits";
import { fileInfo } from "./schemas";
import { WORKSPACE_WRITE } from "./scopes";
import { expectOk, openWorkspace } from "./workspace-client";

/** The limits with default settings, for the description (errors state the deployment's own). */
const DEFAULTS = uploadLimits({ env: {} as Env, config: readConfig({}) });

/** `data:image/png;base64,…`: what a browser or a script often hands over instead of bare base64. */
const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)?(?:;[\w-]+=[^;,]*)*;base64,/i;

export const filesUpload = defineTool({
  name: "files_upload",
  title: "Upload a file",
  description:
    'Store a file in the user\'s private workspace: text as-is (encoding "text", the default) or binary as base64 ' +
    '(encoding "base64"; a data: URL is accepted). The type is detected from the bytes and checked against the type ' +
    `you declare. A file travels inside one request, so with default settings a call carries at most ${formatBytes(DEFAULTS.base64Bytes)} ` +
    `as base64 or ${formatBytes(DEFAULTS.textBytes)} as ASCII text; the workspace takes files up to ${formatBytes(DEFAULTS.fileMaxBytes)} ` +
    `and ${formatBytes(DEFAULTS.quotaBytes)} in total. Returns the file's id.`,
  scope: WORKSPACE_WRITE,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.object({
    name: z.string().min(1).max(FILE_LIMITS.nameChars).describe('File name with extension, e.g. "receipt.pdf".'),
    content: z
      .string()
      .max(
        ARGUMENT_MAX_CHARS,
        `content is longer than ${ARGUMENT_MAX_CHARS.toLocaleString("en-US")} characters, the most one files_upload call carries ` +
          `(a file of ${formatBytes(DEFAULTS.base64Bytes)} as base64). ${SHRINK_FILE}`,
      )
      .describe(
        `The file: plain text, or base64 when encoding is "base64". At most ${ARGUMENT_MAX_CHARS.toLocaleString("en-US")} characters; ` +
          "text outside ASCII takes 2-4 bytes of the request a character, so keep such text to a third of that.",
      ),
    encoding: z
      .enum(["text", "base64"])
      .optional()
      .describe('"text" (default, stored as UTF-8) or "base64" for binary files.'),
    type: z
      .string()
      .max(100)
      .optional()
      .describe('The MIME type you believe it has, e.g. "application/pdf"; checked against the bytes.'),
  }),
  output: fileInfo.extend({ usedBytes: z.number().int(), quotaBytes: z.number().int() }),
  async handler({ name, content, encoding = "text", type }, ctx) {
    const limits = uploadLimits(ctx);
    let declaredType = type;
    let bytes: Uint8Array;
    if (encoding === "base64") {
      const dataUrl = DATA_URL.exec(content);
      if (dataUrl) declaredType ??= dataUrl[1];
      const decoded = base64ToBytes(dataUrl ? content.slice(dataUrl[0].length) : content);
      if (!decoded) {
        throw new UserError(
          'content is not valid base64 (only A-Z, a-z, 0-9, +, / and = padding, or the URL-safe - and _). Send text files with encoding "text".',
        );
      }
      bytes = decoded;
    } else {
      bytes = new TextEncoder().encode(content);
    }
    if (bytes.length === 0) throw new UserError("content is empty: there is nothing to store.");
    if (bytes.length > limits.fileMaxBytes) {
      throw new UserError(
        `This file is ${formatBytes(bytes.length)}, over the ${formatBytes(limits.fileMaxBytes)} limit per file. ${describeUploadLimits(limits)} ${SHRINK_FILE}`,
      );
    }

    const workspace = openWorkspace(ctx);
    const info = expectOk(await workspace.putFile({ name, declaredType, bytes }), {
      too_large: describeUploadLimits(limits),
      quota: "Delete files the user no longer needs (files_list shows their sizes), then try again.",
    });
    const usage = await workspace.usage();
    // Said now, from the header alone, rather than discovered at the first files_get.
    const plan = isImageType(info.contentType) ? planImage(bytes) : undefined;
    const preview =
      plan?.action === "refuse"
        ? ` It cannot be shown as an image because ${plan.reason}; it stays stored and downloadable.`
        : "";
    return {
      data: { ...info, usedBytes: usage.fileBytes, quotaBytes: usage.quotaBytes },
      text:
        `Stored ${info.name} as ${info.id} (${info.contentType}, ${formatBytes(info.size)}). ` +
        `The workspace now uses ${formatBytes(usage.fileBytes)} of ${formatBytes(usage.quotaBytes)}.${preview}`,
    };
  },
});
