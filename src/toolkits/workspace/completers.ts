/**
 * Completion for prompt arguments and template variables. Every suggestion comes from the caller's
 * own workspace (the context names the user), so completion can never reveal another user's data.
 */
import type { Completer } from "../../mcp/define";
import { isId } from "../../workspace/ids";
import { PAGE_LIMITS } from "../../workspace/limits";
import { openWorkspace } from "./workspace-client";

const MAX = PAGE_LIMITS.maxCompletions;

/** Tags starting with what was typed (case-insensitive, a leading # ignored), most used first. */
export const completeTag: Completer = async (typed, ctx) => {
  const result = await openWorkspace(ctx).completeTags(typed, MAX);
  return result.ok ? result.value.slice(0, MAX) : [];
};

/**
 * Note ids for `note://{id}`: the ids of notes whose title starts with what was typed, and the id
 * itself once the typed text is a complete id (clients re-complete after a pick).
 */
export const completeNoteId: Completer = async (typed, ctx) => {
  const workspace = openWorkspace(ctx);
  const byTitle = await workspace.completeTitles(typed, MAX);
  const ids = byTitle.ok ? byTitle.value.map((entry) => entry.id) : [];
  if (isId("note", typed) && !ids.includes(typed) && (await workspace.getNote(typed)).ok) ids.unshift(typed);
  return ids.slice(0, MAX);
};

/** File ids for `file://{id}`: files whose name starts with what was typed, as for notes. */
export const completeFileId: Completer = async (typed, ctx) => {
  const workspace = openWorkspace(ctx);
  const byName = await workspace.completeFileNames(typed, MAX);
  const ids = byName.ok ? byName.value.map((entry) => entry.id) : [];
  if (isId("file", typed) && !ids.includes(typed) && (await workspace.getFileInfo(typed)).ok) ids.unshift(typed);
  return ids.slice(0, MAX);
};
