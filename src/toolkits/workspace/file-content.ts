/**
 * How a stored file comes back in a tool result (MCP 2025-06-18 "Tool Result" content types):
 * images as image content, text as text, other bytes as an embedded `blob` resource when small or a
 * `resource_link` to `file://{id}` when not. Base64 never goes into a text block: Claude would read
 * it as text and it floods the context.
 */
import type { ContentBlock } from "@modelcontextprotocol/sdk/types.js";
import type { FileInfo } from "../../workspace/api";
import { UserError } from "../../mcp/define";
import { formatBytes } from "../../workspace/limits";
import { base64Length, bytesToBase64 } from "./base64";
import { fitImage } from "./image-scale";

/** Largest binary embedded in a result as a `blob`; bigger ones are linked (read with resources/read). */
export const EMBED_MAX_BYTES = 256 * 1024;

export function fileUri(id: string): string {
  return `file://${id}`;
}

/** Types read as text: text/*, JSON, XML, YAML, JavaScript and SVG (which is XML). */
export function isTextType(contentType: string): boolean {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return (
    type.startsWith("text/") ||
    /^application\/([\w.-]+\+)?(json|xml|yaml|x-yaml|javascript|ecmascript|x-ndjson|toml|x-sh|sql|graphql)$/.test(type) ||
    type === "image/svg+xml"
  );
}

/** The bytes as text: UTF-8, with U+FFFD for invalid sequences rather than failing. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(bytes);
}

export type ReturnedAs = "image" | "text" | "resource" | "resource_link";

export interface FileContent {
  returnedAs: ReturnedAs;
  /** The readable text copy (for text files, the file's text). */
  text: string;
  /** Blocks after the text copy. */
  content: ContentBlock[];
  truncated: boolean;
  /** Pixel size sent, for images. */
  width?: number;
  height?: number;
}

/**
 * Build the result content for one file. `budget` is how many characters of the result text or an
 * embedded blob may take (the output cap minus the structured data); a blob over it is linked instead.
 * An image that cannot be shown is a `UserError` (an `isError` result) saying why and what to do.
 */
export function fileContent(info: FileInfo, bytes: Uint8Array, budget: number): FileContent {
  const label = `${info.name} (${info.id}, ${info.contentType}, ${formatBytes(info.size)})`;

  if (info.contentType.startsWith("image/") && info.contentType !== "image/svg+xml") {
    // Images are not held to `budget`: the output cap counts an image at its context cost, not its
    // base64 (IMAGE_CONTEXT_CHARS), so only Claude's own image limits apply.
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
    const truncated = characters.length > budget;
    const shown = truncated ? characters.slice(0, budget) : characters;
    const note = truncated
      ? `\n\n[Truncated: showing the first ${budget.toLocaleString("en-US")} of ${characters.length.toLocaleString("en-US")} characters. ` +
        `Read all of it with resources/read on ${fileUri(info.id)}.]`
      : "";
    return { returnedAs: "text", text: `File ${label}:\n\n${shown}${note}`, content: [], truncated };
  }

  const blobChars = base64Length(bytes.length) + 200;
  if (bytes.length <= EMBED_MAX_BYTES && blobChars <= budget) {
    return {
      returnedAs: "resource",
      text: `File ${label}, embedded as a resource.`,
      content: [{ type: "resource", resource: { uri: fileUri(info.id), mimeType: info.contentType, blob: bytesToBase64(bytes) } }],
      truncated: false,
    };
  }
  return {
    returnedAs: "resource_link",
    text: `File ${label} is too large to include here, so this is a link: read it with resources/read on ${fileUri(info.id)}.`,
    content: [{ type: "resource_link", uri: fileUri(info.id), name: info.name, mimeType: info.contentType, size: info.size }],
    truncated: false,
  };
}
