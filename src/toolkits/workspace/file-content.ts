/**
 * How a stored file comes back in a tool result (MCP 2025-06-18 "Tool Result" content types):
 * images as image content, text as text, other bytes as an embedded `blob` resource when small or a
 * `resource_link` to `file://{id}` when not. Base64 never goes into a text block: Claude would read
 * it as text and it floods the context.
 */

import { bytesToBase64 } from "../../lib/encoding";
import { UserError } from "../../mcp/define";
import { partEnd } from "../../mcp/fit-reply";
import type { ContentBlock } from "../../mcp/wire";
import type { FileInfo } from "../../workspace/api";
import { fileUri } from "../../workspace/changes";
import { formatBytes } from "../../workspace/limits";
import { fitImage } from "./image-scale";

/** Largest binary embedded in a result as a `blob`; bigger ones are linked for the client to download. */
export const EMBED_MAX_BYTES = 256 * 1024;

/** One definition of the URI, shared with the workspace's change feed (which announces changes by URI). */
export { fileUri };

/** Types read as text: text/*, JSON, XML, YAML, JavaScript and SVG (which is XML). */
export function isTextType(contentType: string): boolean {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return (
    type.startsWith("text/") ||
    /^application\/([\w.-]+\+)?(json|xml|yaml|x-yaml|javascript|ecmascript|x-ndjson|toml|x-sh|sql|graphql)$/.test(
      type,
    ) ||
    type === "image/svg+xml"
  );
}

/** The bytes as text: UTF-8, with U+FFFD for invalid sequences rather than failing. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(bytes);
}

/** Types returned as images when they can be (SVG is XML text). */
export function isImageType(contentType: string): boolean {
  return contentType.startsWith("image/") && contentType !== "image/svg+xml";
}

export type ReturnedAs = "image" | "text" | "resource" | "resource_link";

export interface FileContent {
  returnedAs: ReturnedAs;
  /** The readable text copy (for text files, the file's text). */
  text: string;
  /** Blocks after the text copy. */
  content: ContentBlock[];
  truncated: boolean;
  /** For text: where the part shown starts and, when more follows, where the next one does (UTF-16 units). */
  offset?: number;
  nextOffset?: number;
  /** Pixel size sent, for images. */
  width?: number;
  height?: number;
}

export interface FileContentOptions {
  /** Where a text file's part starts (0 for the start). */
  offset: number;
  /** Whether the tool's reply built from this content fits the output cap. */
  fits: (built: FileContent) => boolean;
}

/**
 * Build the result content for one file. Text comes in parts that fit the output cap (call again
 * with `nextOffset`); a binary is embedded as a blob when that fits, else linked. An image that
 * cannot be shown is a `UserError` (an `isError` result) saying why and what to do.
 */
export function fileContent(info: FileInfo, bytes: Uint8Array, { offset, fits }: FileContentOptions): FileContent {
  const label = `${info.name} (${info.id}, ${info.contentType}, ${formatBytes(info.size)})`;

  if (isImageType(info.contentType)) {
    // The output cap counts an image at its context cost, not its base64 (IMAGE_CONTEXT_TOKENS), so
    // only Claude's own image limits apply.
    const image = fitImage(bytes);
    if (!image.ok) {
      throw new UserError(
        `${label} is stored, but it cannot be shown as an image because ${image.reason}. ` +
          `The file itself is unchanged and can still be downloaded from ${fileUri(info.id)}. ` +
          "Tell the user; to preview it, they can upload a smaller or re-exported copy (a PNG or JPEG at most 1568 px on the long edge is enough).",
      );
    }
    const scaled = image.reencoded
      ? ` Scaled from ${image.originalWidth}×${image.originalHeight} to ${image.width}×${image.height} (${image.mimeType}) to fit Claude's image limits; the stored file is unchanged.`
      : "";
    return {
      returnedAs: "image",
      text: `Image ${label}, ${image.width}×${image.height}.${scaled}`,
      content: [{ type: "image", data: bytesToBase64(image.bytes), mimeType: image.mimeType }],
      truncated: false,
      width: image.width,
      height: image.height,
    };
  }

  if (isTextType(info.contentType)) {
    const characters = decodeText(bytes);
    if (offset > 0 && offset >= characters.length) {
      throw new UserError(
        `offset ${offset} is past the end of this file's text (${characters.length} characters); use an offset below that, or omit it.`,
      );
    }
    const part = (end: number): FileContent => {
      const truncated = end < characters.length;
      const range = offset > 0 || truncated ? `, characters ${offset}-${end} of ${characters.length}` : "";
      const next = truncated ? `\n\n[File continues: call files_get with offset ${end} for the next part.]` : "";
      return {
        returnedAs: "text",
        text: `File ${label}${range}:\n\n${characters.slice(offset, end)}${next}`,
        content: [],
        truncated,
        offset,
        ...(truncated && { nextOffset: end }),
      };
    };
    let end = partEnd(characters.length, offset, (candidate) => fits(part(candidate)));
    // Never split a surrogate pair between two parts.
    if (end < characters.length && end - 1 > offset && /[\uD800-\uDBFF]/.test(characters.charAt(end - 1))) end--;
    return part(end);
  }

  if (bytes.length <= EMBED_MAX_BYTES) {
    const embedded: FileContent = {
      returnedAs: "resource",
      text: `File ${label}, embedded as a resource.`,
      content: [
        {
          type: "resource",
          resource: { uri: fileUri(info.id), mimeType: info.contentType, blob: bytesToBase64(bytes) },
        },
      ],
      truncated: false,
    };
    if (fits(embedded)) return embedded;
  }
  // The link is for the user's client to download; its bytes cannot be shown in the conversation.
  return {
    returnedAs: "resource_link",
    text: `File ${label} is too large to include in the conversation, so this is a link the user can open or download from their client.`,
    content: [
      { type: "resource_link", uri: fileUri(info.id), name: info.name, mimeType: info.contentType, size: info.size },
    ],
    truncated: false,
  };
}
