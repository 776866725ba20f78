/**
 * The workspace's scopes: reading (get, list, search, export, resources, prompts) is separate from
 * writing (create, update, delete, upload, import), so a user can let Claude look without letting it
 * change anything.
 */
export const WORKSPACE_READ = "workspace:read";
export const WORKSPACE_WRITE = "workspace:write";

export const workspaceScopes = {
  [WORKSPACE_READ]: "Read, search and export your workspace notes and files",
  [WORKSPACE_WRITE]: "Create, change and delete your workspace notes and files",
};

/** Everything stays in the user's own workspace: no tool reaches another system (closed world). */
export const readOnly = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;
