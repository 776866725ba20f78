/**
 * Matching URIs against RFC 6570 level-1 templates (`note://{id}`, `config://connector/{section}`):
 * literal text and simple `{name}` expressions, each matching one or more characters other than
 * `/` and `,` (RFC 6570 §3.2.2 simple expansion encodes both). That is every template MCP resource
 * definitions here use; anything else is refused when the matcher is built.
 */
export interface UriTemplateMatcher {
  readonly template: string;
  /** The variables, or null when `uri` is not a member of the template. */
  match(uri: string): Record<string, string> | null;
}

/** URIs longer than this are never members: a bound on the regex's work per request. */
const MAX_URI_CHARS = 2_048;

export function uriTemplateMatcher(template: string): UriTemplateMatcher {
  const names: string[] = [];
  let pattern = "^";
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf("{");
    if (open < 0) {
      pattern += escape(rest);
      break;
    }
    const close = rest.indexOf("}", open);
    const name = rest.slice(open + 1, close);
    if (close < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Unsupported URI template: ${template}`);
    pattern += `${escape(rest.slice(0, open))}([^/,]+)`;
    names.push(name);
    rest = rest.slice(close + 1);
  }
  const regex = new RegExp(`${pattern}$`);
  return {
    template,
    match(uri) {
      if (uri.length > MAX_URI_CHARS) return null;
      const found = regex.exec(uri);
      if (!found) return null;
      return Object.fromEntries(names.map((name, index) => [name, found[index + 1] as string]));
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
