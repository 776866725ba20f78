import { z } from "zod";
import { defineTool } from "../../mcp/define";
import { formatBytes } from "../../workspace/limits";
import { quoted } from "./format";
import { fileId } from "./schemas";
import { WORKSPACE_WRITE } from "./scopes";
import { expectOk, openWorkspace } from "./workspace-client";

export const filesDelete = defineTool({
  name: "files_delete",
  title: "Delete a file",
  description:
    "Delete a file from the user's workspace for good (there is no trash), freeing its space in the quota. " +
    "Confirm with the user before deleting files they did not ask to remove.",
  scope: WORKSPACE_WRITE,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({ id: fileId }),
  output: z.object({ id: z.string(), deleted: z.boolean(), usedBytes: z.number().int(), quotaBytes: z.number().int() }),
  async confirm({ id }, ctx) {
    const file = await openWorkspace(ctx).getFileInfo(id);
    if (!file.ok) return undefined;
    const { name, size } = file.value;
    return { message: `Delete the file "${quoted(name)}" (${formatBytes(size)}) for good? There is no trash.` };
  },
  async handler({ id }, ctx) {
    const workspace = openWorkspace(ctx);
    expectOk(await workspace.deleteFile(id), {
      not_found: "It may already be deleted; call files_list to see what exists.",
    });
    const usage = await workspace.usage();
    return {
      data: { id, deleted: true, usedBytes: usage.fileBytes, quotaBytes: usage.quotaBytes },
      text: `Deleted file ${id}. The workspace now uses ${formatBytes(usage.fileBytes)} of ${formatBytes(usage.quotaBytes)}.`,
    };
  },
});
