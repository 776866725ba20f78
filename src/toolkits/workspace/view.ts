import { defineView } from "../../mcp/define";
import { VIEW_HTML } from "../../views/html.generated";
import { WORKSPACE_READ } from "./scopes";

/** The workspace browser of notes_search, notes_list and files_list (src/views/app/workspace.ts). */
export const workspaceView = defineView({
  uri: "ui://workspace/browser.html",
  name: "workspace_view",
  title: "Workspace browser",
  description:
    "Interactive view of notes_search, notes_list and files_list results: highlighted matches, tag filters, notes opened in place, image previews and more pages.",
  scope: WORKSPACE_READ,
  html: VIEW_HTML.workspace,
  csp: { connectDomains: [], resourceDomains: [] },
});
