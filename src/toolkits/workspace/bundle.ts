/**
 * The export bundle: notes as markdown documents with YAML front matter, one after another. Each note
 * starts with a `---` line followed by `id:` (a body line can be `---`, but not `---` then `id: n_…`),
 * which is also how notes_import reads a bundle back.
 */
import type { Note, NoteInput } from "../../workspace/api";
import { noteDocument } from "./format";

export function bundleHeader(exportedAt: string, part: number): string {
  return `# Workspace notes export\n\nExported ${exportedAt}, part ${part}. Each note below starts with front matter between --- lines.\n\n`;
}

export function bundleEntry(note: Note): string {
  return `${noteDocument(note)}\n`;
}

/** Front matter plus a pointer, for a note too long to fit on one export page. */
export function oversizedEntry(note: Note, chars: number): string {
  return bundleEntry({
    ...note,
    body: `[This note's body is ${chars.toLocaleString("en-US")} characters, too long for one export page. Read it with notes_get (id ${note.id}), which returns it in parts.]`,
  });
}

const ENTRY_START = /^---\r?\nid: (n_[0-9a-z]{16})\r?\n/m;

/**
 * Notes from a bundle: title and tags from each front matter, the body after it. Returns undefined
 * when the text has no front matter block at all (so it is not a bundle).
 */
export function parseBundle(text: string): NoteInput[] | undefined {
  const starts: number[] = [];
  const pattern = new RegExp(ENTRY_START.source, "gm");
  for (const match of text.matchAll(pattern)) starts.push(match.index ?? 0);
  if (starts.length === 0) return undefined;
  return starts.map((start, index) => parseEntry(text.slice(start, starts[index + 1] ?? text.length)));
}

function parseEntry(entry: string): NoteInput {
  const close = entry.indexOf("\n---", 4);
  const front = close < 0 ? entry : entry.slice(0, close);
  const rest = close < 0 ? "" : entry.slice(close + 4).replace(/^\r?\n/, "");
  const title = readJsonField(front, "title", "");
  const tags = readTags(front);
  // noteDocument puts one blank line after the front matter and ensures a final newline; the
  // bundle adds one more between entries.
  const body = rest.replace(/^\r?\n/, "").replace(/\r?\n\r?\n$/, "\n");
  return { title: typeof title === "string" ? title : "", body, tags };
}

function readJsonField(front: string, name: string, fallback: unknown): unknown {
  const line = new RegExp(`^${name}: (.*)$`, "m").exec(front)?.[1];
  if (line === undefined) return fallback;
  try {
    return JSON.parse(line);
  } catch {
    return line.trim();
  }
}

function readTags(front: string): string[] {
  const value = readJsonField(front, "tags", []);
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === "string") : [];
}
