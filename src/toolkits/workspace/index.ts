/**
 * The workspace: each user's notes and files, kept in their own Workspace Durable Object and R2, and
 * shared by every Claude app they connect. Two toolkits because tool names carry their toolkit's
 * name (notes_…, files_…); both use the same two scopes.
 */
import { defineToolkit, type Toolkit } from "../../mcp/define";
import { fileTemplate } from "./file-template";
import { filesDelete } from "./files-delete";
import { filesGet } from "./files-get";
import { filesList } from "./files-list";
import { filesUpload } from "./files-upload";
import { noteTemplate } from "./note-template";
import { notesCreate } from "./notes-create";
import { notesDelete } from "./notes-delete";
import { notesExport } from "./notes-export";
import { notesGet } from "./notes-get";
import { notesImport } from "./notes-import";
import { notesList } from "./notes-list";
import { notesSearch } from "./notes-search";
import { notesTags } from "./notes-tags";
import { notesUpdate } from "./notes-update";
import { workspaceScopes } from "./scopes";
import { summarizeNotes } from "./summarize-notes";
import { workspaceView } from "./view";
import { weeklyReview } from "./weekly-review";

/** The user's Workspace object, and the storage limits an import or upload is checked against. */
const WORKSPACE_BINDINGS = ["WORKSPACE", "WORKSPACE_FILE_MAX_BYTES", "WORKSPACE_QUOTA_BYTES"] as const;

export const notesToolkit = defineToolkit({
  name: "notes",
  title: "Workspace notes",
  guidance:
    "notes_* are the user's own notes, kept across conversations and devices: search them (notes_search) before answering from memory or creating a duplicate, and pass the version you read to notes_update.",
  scopes: workspaceScopes,
  bindings: WORKSPACE_BINDINGS,
  tools: [notesCreate, notesGet, notesUpdate, notesDelete, notesSearch, notesList, notesTags, notesImport, notesExport],
  resourceTemplates: [noteTemplate],
  views: [workspaceView],
  prompts: [summarizeNotes, weeklyReview],
});

export const filesToolkit = defineToolkit({
  name: "files",
  title: "Workspace files",
  guidance: "files_* store the user's files (images come back as images).",
  scopes: workspaceScopes,
  bindings: WORKSPACE_BINDINGS,
  tools: [filesUpload, filesGet, filesList, filesDelete],
  resourceTemplates: [fileTemplate],
  views: [workspaceView],
});

export const workspaceToolkits: readonly Toolkit[] = [notesToolkit, filesToolkit];
