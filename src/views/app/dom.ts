/**
 * Building the DOM without HTML strings: every value lands in `textContent` or an attribute, so a
 * note title or an error message can never become markup. Styles go through CSSOM (`el.style`),
 * which the view's CSP allows, never through a `style` attribute, which it blocks.
 */
import type { McpUiHostContext } from "@modelcontextprotocol/ext-apps";

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  append(element, children);
  return element;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag: string, attributes: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  append(element, children);
  return element;
}

function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** Replace the view's content. */
export function render(...children: Child[]): void {
  const root = document.getElementById("app") as HTMLElement;
  root.replaceChildren();
  append(root, children);
}

/** A message in place of the content: what happened and what the person can do about it. */
export function notice(kind: "empty" | "error" | "loading", title: string, detail?: string): HTMLElement {
  return h(
    "section",
    { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" },
    h("p", { class: "notice-title" }, title),
    detail ? h("p", { class: "notice-detail" }, detail) : null,
  );
}

/**
 * The host's theme and style variables (MCP Apps `McpUiHostContext.theme` and `styles.variables`).
 * Variables the host leaves out keep the view's own light or dark defaults (base.css).
 */
export function applyHostContext(context: McpUiHostContext): void {
  const root = document.documentElement;
  if (context.theme === "light" || context.theme === "dark") {
    root.dataset.theme = context.theme;
    root.style.colorScheme = context.theme;
  }
  const variables = context.styles?.variables ?? {};
  for (const [name, value] of Object.entries(variables)) {
    if (name.startsWith("--") && typeof value === "string") root.style.setProperty(name, value);
  }
  if (context.locale) root.lang = context.locale;
}

/** The text of a tool result's text blocks, for error results and results without structured content. */
export function resultText(result: { content?: { type: string; text?: string }[] }): string {
  return (result.content ?? [])
    .flatMap((block) => (block.type === "text" && typeof block.text === "string" ? [block.text] : []))
    .join("\n");
}
