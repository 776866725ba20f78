import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { fitsCap } from "../../mcp/fit-reply";
import { type FileContent, fileContent } from "./file-content";
import { fileId, fileInfo } from "./schemas";
import { readOnly, WORKSPACE_READ } from "./scopes";
import { expectOk, openWorkspace } from "./workspace-client";

export const filesGet = defineTool({
  name: "files_get",
  title: "Read a file",
  description:
    "Read a file from the user's workspace by id. Images come back as images (scaled down to 1568 px on the long " +
    "edge when larger), text files as text (a long one in parts: when truncated is true, call again with offset set " +
    "to nextOffset), small other files as an embedded resource, and larger ones as a link for the user to download. " +
    "Use files_list to find ids.",
  scope: WORKSPACE_READ,
  annotations: readOnly,
  input: z.object({
    id: fileId,
    offset: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("For text files: where to start (nextOffset from the previous part; default 0)."),
  }),
  output: fileInfo.extend({
    returnedAs: z.enum(["image", "text", "resource", "resource_link"]),
    truncated: z.boolean(),
    offset: z.number().int().optional(),
    nextOffset: z.number().int().optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
  }),
  async handler({ id, offset = 0 }, ctx) {
    const { info, bytes } = expectOk(await openWorkspace(ctx).getFile(id), {
      not_found: "Call files_list to see the files that exist.",
    });
    const reply = (built: FileContent) => ({
      data: {
        ...info,
        returnedAs: built.returnedAs,
        truncated: built.truncated,
        ...(built.offset !== undefined && { offset: built.offset }),
        ...(built.nextOffset !== undefined && { nextOffset: built.nextOffset }),
        ...(built.width !== undefined && { width: built.width, height: built.height }),
      },
      text: built.text,
      content: built.content,
    });
    const fits = fitsCap(ctx);
    return reply(fileContent(info, bytes, { offset, fits: (built) => fits(reply(built)) }));
  },
});
