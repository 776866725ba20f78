/** The session toolkit's scopes: reading and changing what this conversation has kept. */
export const SESSION_READ = "session:read";
export const SESSION_WRITE = "session:write";

export const sessionScopes = {
  [SESSION_READ]: "Read this conversation's scratchpad, preferences and session details",
  [SESSION_WRITE]: "Save, change and delete this conversation's scratchpad notes and preferences",
};

/** Annotations shared by the toolkit's tools: everything stays inside the session (closed world). */
export const readOnly = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;
