/**
 * The workspace view: notes search with highlighted snippets, tag filters, a note opened in place,
 * the file list with image previews, and paging. Everything it shows after the first result comes
 * from the workspace tools themselves (`notes_search`, `notes_list`, `notes_tags`, `notes_get`,
 * `files_list`, `files_get`) called through the host: the same grant and scopes as Claude's calls.
 */
import { HostConnection, type ToolResult } from "./bridge";
import { applyHostContext, h, notice, render, resultText } from "./dom";

interface NoteHit {
  id: string;
  title: string;
  snippet?: string;
  tags: string[];
  updatedAt: string;
}
interface FileInfo {
  id: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
}
interface Page {
  nextCursor?: string;
  remaining?: number;
}

/** What the view shows; `back` returns from an opened note or file to the list it came from. */
type Screen =
  | { kind: "notes"; title: string; items: NoteHit[]; page: Page; more: Record<string, unknown> & { tool: string } }
  | { kind: "files"; items: FileInfo[]; page: Page; usedBytes?: number; quotaBytes?: number }
  | {
      kind: "note";
      note: { id: string; title: string; body: string; tags: string[]; updatedAt: string; bodyTruncated: boolean };
    }
  | { kind: "file"; file: FileInfo; image?: { data: string; mimeType: string }; text?: string; note?: string };

let screen: Screen | undefined;
let listScreen: Screen | undefined;
let tags: { tag: string; count: number }[] = [];
let activeTag: string | undefined;
let query = "";
let busy = false;
let problem: string | undefined;

const connection = new HostConnection({
  toolInput: (args) => {
    if (typeof args.query === "string") query = args.query;
    if (typeof args.tag === "string") activeTag = args.tag;
  },
  toolResult: (result) => {
    const next = screenOf(result);
    if (!next) {
      render(notice("error", "The workspace could not answer.", resultText(result) || "Ask Claude to try again."));
      return;
    }
    go(next);
    void loadTags();
  },
  toolCancelled: () => render(notice("error", "The request was cancelled.", "Ask Claude again when you want it.")),
  hostContext: applyHostContext,
});
render(notice("loading", "Waiting for the workspace…"));
connection
  .connect("outpost-workspace")
  .catch((error: Error) => render(notice("error", "This view could not reach the conversation.", error.message)));

/** Turn a workspace tool's result into a screen; undefined for an error or a result of another shape. */
function screenOf(result: ToolResult, args: Record<string, unknown> = {}): Screen | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: each tool's output schema is checked by the server; fields are read defensively below.
  const data = result.structuredContent as Record<string, any> | undefined;
  if (result.isError || !data) return undefined;
  const page: Page = { nextCursor: data.nextCursor, remaining: data.remaining };
  if (Array.isArray(data.hits)) {
    query = String(data.query ?? query);
    return {
      kind: "notes",
      title: `Notes matching “${query}”`,
      items: data.hits,
      page,
      more: { tool: "notes_search", query },
    };
  }
  if (Array.isArray(data.notes)) {
    const tag = typeof args.tag === "string" ? args.tag : activeTag;
    return {
      kind: "notes",
      title: tag ? `Notes tagged “${tag}”` : "Recent notes",
      items: data.notes,
      page,
      more: { tool: "notes_list", ...(tag && { tag }) },
    };
  }
  if (Array.isArray(data.files))
    return { kind: "files", items: data.files, page, usedBytes: data.usedBytes, quotaBytes: data.quotaBytes };
  if (typeof data.body === "string") return { kind: "note", note: data as never };
  if (typeof data.returnedAs === "string") {
    const image = (result.content ?? []).find((block) => block.type === "image") as
      | { data: string; mimeType: string }
      | undefined;
    const text = data.returnedAs === "text" ? resultText(result) : undefined;
    return {
      kind: "file",
      file: data as never,
      ...(image && { image }),
      ...(text !== undefined && { text }),
      ...(!image && text === undefined && { note: "This kind of file has no preview here. Ask Claude to open it." }),
    };
  }
  return undefined;
}

function go(next: Screen): void {
  screen = next;
  if (next.kind === "notes" || next.kind === "files") listScreen = next;
  problem = undefined;
  draw();
}

/** Call a workspace tool through the host and show what it returns (or why it could not). */
async function run(tool: string, args: Record<string, unknown>, append = false): Promise<void> {
  if (busy) return;
  busy = true;
  draw();
  try {
    const result = await connection.callServerTool(tool, args);
    busy = false;
    const next = screenOf(result, args);
    if (!next) {
      problem = resultText(result) || "The workspace gave no answer. Try again.";
      draw();
      return;
    }
    if (append && screen && screen.kind === next.kind && (next.kind === "notes" || next.kind === "files")) {
      next.items = [...(screen as typeof next).items, ...next.items] as never;
    }
    go(next);
  } catch (error) {
    busy = false;
    problem = (error as Error).message;
    draw();
  }
}

async function loadTags(): Promise<void> {
  try {
    const result = await connection.callServerTool("notes_tags", {});
    const data = result.structuredContent as { tags?: { tag: string; count: number }[] } | undefined;
    if (!result.isError && data?.tags) {
      tags = data.tags;
      draw();
    }
  } catch {
    // Tags are a shortcut: without them the search still works.
  }
}

function draw(): void {
  if (!screen) return;
  render(
    tabs(),
    screen.kind === "notes" || screen.kind === "note" ? searchForm() : null,
    screen.kind === "notes" ? tagFilter() : null,
    problem ? notice("error", "That did not work.", problem) : null,
    screen.kind === "notes"
      ? notesList(screen)
      : screen.kind === "files"
        ? filesList(screen)
        : screen.kind === "note"
          ? noteView(screen.note)
          : fileView(screen),
  );
}

function button(
  label: string,
  onClick: () => void,
  attributes: Record<string, string | boolean | undefined> = {},
): HTMLButtonElement {
  const element = h("button", { type: "button", disabled: busy, ...attributes }, label);
  element.addEventListener("click", onClick);
  return element;
}

function tabs(): HTMLElement {
  const onFiles = screen?.kind === "files" || screen?.kind === "file";
  return h(
    "nav",
    { class: "row tabs", "aria-label": "Workspace" },
    button("Notes", () => run("notes_list", {}), { "aria-pressed": String(!onFiles) }),
    button("Files", () => run("files_list", {}), { "aria-pressed": String(onFiles) }),
  );
}

/**
 * Not a <form>: hosts sandbox views without `allow-forms`, where a submission is blocked before
 * any submit event. Enter in the field and the button both search.
 */
function searchForm(): HTMLElement {
  const input = h("input", {
    type: "search",
    id: "q",
    name: "q",
    value: query,
    placeholder: 'Words, "a phrase", plan*',
    autocomplete: "off",
  });
  const search = () => {
    const text = input.value.trim();
    if (!text) {
      problem = "Type something to search for.";
      draw();
      return;
    }
    activeTag = undefined;
    query = text;
    void run("notes_search", { query: text });
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") search();
  });
  return h(
    "div",
    { class: "row search", role: "search" },
    h("label", { for: "q", class: "sr-only" }, "Search notes"),
    input,
    button("Search", search),
  );
}

function tagFilter(): HTMLElement | null {
  if (tags.length === 0) return null;
  return h(
    "div",
    { class: "row tags", role: "group", "aria-label": "Filter by tag" },
    ...tags.slice(0, 20).map(({ tag, count }) =>
      button(
        `#${tag} (${count})`,
        () => {
          activeTag = activeTag === tag ? undefined : tag;
          void run("notes_list", activeTag ? { tag: activeTag } : {});
        },
        { "aria-pressed": String(activeTag === tag), class: "chip" },
      ),
    ),
  );
}

/** A snippet's matches come marked with **…** (notes_search): shown as <mark>, never as markup. */
function highlighted(snippet: string): HTMLElement {
  const paragraph = h("p", { class: "snippet" });
  paragraph.append(
    ...snippet
      .split("**")
      .map((part, index) => (index % 2 === 1 ? h("mark", {}, part) : document.createTextNode(part))),
  );
  return paragraph;
}

function date(iso: string): string {
  const value = new Date(iso);
  return Number.isNaN(value.getTime())
    ? iso
    : value.toLocaleDateString(document.documentElement.lang || undefined, { dateStyle: "medium" });
}

function moreButton(page: Page, onClick: () => void): HTMLElement | null {
  if (!page.nextCursor) return null;
  return button(busy ? "Loading…" : page.remaining ? `Show ${page.remaining} more` : "Show more", onClick, {
    class: "more",
  });
}

function notesList(list: Extract<Screen, { kind: "notes" }>): HTMLElement {
  const { tool, ...args } = list.more;
  return h(
    "section",
    { "aria-label": list.title },
    h("h1", {}, list.title),
    list.items.length === 0
      ? notice(
          "empty",
          list.more.tool === "notes_search" ? "No notes match." : "No notes yet.",
          list.more.tool === "notes_search"
            ? "Try fewer or broader words, or a prefix such as plan*."
            : "Ask Claude to write one down.",
        )
      : h(
          "ol",
          { class: "results" },
          ...list.items.map((note) =>
            h(
              "li",
              { class: "result" },
              button(note.title || "(untitled)", () => run("notes_get", { id: note.id }), {
                class: "link",
                "aria-label": `Open ${note.title || "untitled note"}`,
              }),
              note.snippet ? highlighted(note.snippet) : null,
              h(
                "p",
                { class: "meta" },
                [...note.tags.map((tag) => `#${tag}`), `updated ${date(note.updatedAt)}`].join(" · "),
              ),
            ),
          ),
        ),
    moreButton(list.page, () => run(tool, { ...args, cursor: list.page.nextCursor }, true)),
  );
}

function backButton(): HTMLElement | null {
  return listScreen ? button("← Back", () => go(listScreen as Screen), { class: "back" }) : null;
}

function noteView(note: Extract<Screen, { kind: "note" }>["note"]): HTMLElement {
  return h(
    "article",
    { class: "note" },
    backButton(),
    h("h1", {}, note.title || "(untitled)"),
    h("p", { class: "meta" }, [...note.tags.map((tag) => `#${tag}`), `updated ${date(note.updatedAt)}`].join(" · ")),
    h("div", { class: "body" }, note.body),
    note.bodyTruncated ? h("p", { class: "meta" }, "The note goes on: ask Claude to read the rest.") : null,
  );
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function filesList(list: Extract<Screen, { kind: "files" }>): HTMLElement {
  return h(
    "section",
    { "aria-label": "Files" },
    h("h1", {}, "Files"),
    list.usedBytes !== undefined && list.quotaBytes
      ? h("p", { class: "sub" }, `${size(list.usedBytes)} of ${size(list.quotaBytes)} used.`)
      : null,
    list.items.length === 0
      ? notice("empty", "No files yet.", "Ask Claude to save one, such as a photo or a document.")
      : h(
          "ul",
          { class: "files" },
          ...list.items.map((file) =>
            h(
              "li",
              { class: "file" },
              button(file.name, () => run("files_get", { id: file.id }), {
                class: "link",
                "aria-label": `${file.contentType.startsWith("image/") ? "Preview" : "Open"} ${file.name}`,
              }),
              h("span", { class: "meta" }, `${file.contentType} · ${size(file.size)} · ${date(file.createdAt)}`),
            ),
          ),
        ),
    moreButton(list.page, () => run("files_list", { cursor: list.page.nextCursor }, true)),
  );
}

function fileView(view: Extract<Screen, { kind: "file" }>): HTMLElement {
  return h(
    "article",
    { class: "file-view" },
    backButton(),
    h("h1", {}, view.file.name),
    h("p", { class: "meta" }, `${view.file.contentType} · ${size(view.file.size)}`),
    view.image
      ? h("img", {
          src: `data:${view.image.mimeType};base64,${view.image.data}`,
          alt: `Preview of ${view.file.name}`,
          class: "preview",
        })
      : null,
    view.text !== undefined ? h("div", { class: "body" }, view.text) : null,
    view.note ? notice("empty", view.note) : null,
  );
}
