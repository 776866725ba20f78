import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { fileContent } from "./file-content";
import { fileId, fileInfo } from "./schemas";
import { readOnly, WORKSPACE_READ } from "./scopes";
import { expectOk, openWorkspace } from "./workspace-client";

/** Characters of the result kept for the structured data and the text copy's first line. */
const RESULT_OVERHEAD = 2_000;

export const filesGet = defineTool({
  name: "files_get",
  title: "Read a file",
  description:
    "Read a file from the user's workspace by id. Images come back as images (scaled down to 1568 px on the long " +
    "edge when larger), text files as text, small other files as an embedded resource, and larger ones as a link " +
    "to read with resources/read on file://{id}. Use files_list to find ids.",
  scope: WORKSPACE_READ,
  annotations: readOnly,
  input: z.object({ id: fileId }),
  output: fileInfo.extend({
    returnedAs: z.enum(["image", "text", "resource", "resource_link"]),
    truncated: z.boolean(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
  }),
  async handler({ id }, ctx) {
    const { info, bytes } = expectOk(await openWorkspace(ctx).getFile(id), {
      not_found: "Call files_list to see the files that exist.",
    });
    const budget = Math.max(1_000, ctx.config.toolOutputMaxChars - RESULT_OVERHEAD);
    const built = fileContent(info, bytes, budget);
    return {
      data: {
        ...info,
        returnedAs: built.returnedAs,
        truncated: built.truncated,
        ...(built.width !== undefined && { width: built.width, height: built.height }),
      },
      text: built.text,
      content: built.content,
    };
  },
});
