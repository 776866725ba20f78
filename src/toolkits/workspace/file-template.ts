import { bytesToBase64 } from "../../lib/encoding";
import { defineResourceTemplate, invalidCursor, resourceNotFound } from "../../mcp/define";
import { isId } from "../../workspace/ids";
import { completeFileId } from "./completers";
import { decodeText, fileUri, isTextType } from "./file-content";
import { WORKSPACE_READ } from "./scopes";
import { openWorkspace } from "./workspace-client";

const LIST_PAGE = 50;

export const FILE_URI_TEMPLATE = "file://{id}";

export const fileTemplate = defineResourceTemplate({
  name: "file",
  title: "Workspace file",
  description:
    "A file from the user's workspace: text files as text, everything else as base64 blob, with its content type.",
  uriTemplate: FILE_URI_TEMPLATE,
  scope: WORKSPACE_READ,
  live: true,
  async list(ctx, cursor) {
    const result = await openWorkspace(ctx).listFiles({ limit: LIST_PAGE, cursor });
    if (!result.ok) {
      if (result.error.code === "invalid_cursor") throw invalidCursor();
      throw new Error(result.error.message);
    }
    return {
      resources: result.value.items.map((file) => ({
        uri: fileUri(file.id),
        name: file.name,
        title: file.name,
        mimeType: file.contentType,
        size: file.size,
      })),
      ...(result.value.nextCursor && { nextCursor: result.value.nextCursor }),
    };
  },
  complete: { id: completeFileId },
  async read(uri, variables, ctx) {
    const id = variables.id ?? "";
    const result = isId("file", id) ? await openWorkspace(ctx).getFile(id) : undefined;
    // Not uri.href: WHATWG URL parsing adds a "/" to file: URLs.
    if (!result?.ok) throw resourceNotFound(fileUri(id));
    const { info, bytes } = result.value;
    const base = { uri: fileUri(info.id), mimeType: info.contentType };
    return {
      contents: [
        isTextType(info.contentType) ? { ...base, text: decodeText(bytes) } : { ...base, blob: bytesToBase64(bytes) },
      ],
    };
  },
});
