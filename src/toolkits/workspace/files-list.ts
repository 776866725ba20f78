import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { formatBytes } from "../../workspace/limits";
import { fitPage } from "./fit-page";
import { fileLine, moreLine } from "./format";
import { cursor, fileInfo, pageFields, pageSize } from "./schemas";
import { readOnly, WORKSPACE_READ } from "./scopes";
import { workspaceView } from "./view";
import { expectOk, openWorkspace } from "./workspace-client";

export const filesList = defineTool({
  name: "files_list",
  title: "List files",
  description:
    "List the files in the user's workspace, newest first, with name, type, size and id, and how much of the " +
    "storage quota they use. Read one with files_get.",
  scope: WORKSPACE_READ,
  view: workspaceView,
  annotations: readOnly,
  input: z.object({ limit: pageSize(), cursor }),
  output: z.object({
    files: z.array(fileInfo),
    ...pageFields,
    usedBytes: z.number().int(),
    quotaBytes: z.number().int(),
  }),
  async handler({ limit, cursor }, ctx) {
    const workspace = openWorkspace(ctx);
    const usage = await workspace.usage();
    const quota = `${formatBytes(usage.fileBytes)} of ${formatBytes(usage.quotaBytes)} used by ${usage.files} files.`;
    return fitPage(
      ctx,
      async (fitted) => expectOk(await workspace.listFiles({ limit: fitted ?? limit, cursor })),
      (page) => ({
        data: {
          files: page.items,
          returned: page.items.length,
          ...(page.nextCursor && { nextCursor: page.nextCursor }),
          ...(page.remaining !== undefined && { remaining: page.remaining }),
          usedBytes: usage.fileBytes,
          quotaBytes: usage.quotaBytes,
        },
        text:
          page.items.length === 0
            ? cursor
              ? "No more files."
              : "The workspace has no files yet. Store one with files_upload."
            : `${page.items.map(fileLine).join("\n")}\n\n${quota}${moreLine(page, "files_list")}`,
      }),
    );
  },
});
