/** Text copies of workspace results: short, scannable, and always saying how to get the rest. */
import type { FileInfo, Note, NoteSummary, Page } from "../../workspace/api";
import { formatBytes } from "../../workspace/limits";

/** "12 more: call notes_list with cursor "…"." — the line every capped list ends with. */
export function moreLine(page: Pick<Page<unknown>, "nextCursor" | "remaining">, tool: string): string {
  if (!page.nextCursor) return "";
  const count = page.remaining === undefined ? "More" : `${page.remaining.toLocaleString("en-US")} more`;
  return `\n\n${count}: call ${tool} again with cursor "${page.nextCursor}".`;
}

export function tagList(tags: readonly string[]): string {
  return tags.length === 0 ? "no tags" : `tags: ${tags.join(", ")}`;
}

/** One line per note: title, id, version, tags, last change. */
export function noteLine(note: NoteSummary): string {
  return `- ${note.title || "(untitled)"} — ${note.id}, v${note.version}, ${tagList(note.tags)}, updated ${note.updatedAt}`;
}

export function fileLine(file: FileInfo): string {
  return `- ${file.name} — ${file.id}, ${file.contentType}, ${formatBytes(file.size)}, uploaded ${file.createdAt}`;
}

/** A note's summary fields, as list results carry them. */
export function summarize(note: Note | NoteSummary): NoteSummary {
  const chars = "chars" in note ? note.chars : [...note.body].length;
  return {
    id: note.id,
    title: note.title,
    tags: [...note.tags],
    version: note.version,
    chars,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
  };
}

/**
 * A note as a markdown document with YAML front matter: what `note://{id}` returns and what an export
 * bundle is made of. Strings are written as JSON strings, which YAML reads as double-quoted scalars.
 */
export function noteDocument(note: Note): string {
  const front = [
    "---",
    `id: ${note.id}`,
    `title: ${JSON.stringify(note.title)}`,
    `tags: [${note.tags.map((tag) => JSON.stringify(tag)).join(", ")}]`,
    `created: ${note.createdAt}`,
    `updated: ${note.updatedAt}`,
    `version: ${note.version}`,
    "---",
  ].join("\n");
  return `${front}\n\n${note.body}${note.body.endsWith("\n") ? "" : "\n"}`;
}

/** A title or file name for a one-line question: one line, at most 80 characters. */
export function quoted(name: string): string {
  const line = name.replace(/\s+/g, " ").trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
