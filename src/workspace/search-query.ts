/**
 * Turns what a person (or Claude) types into a safe FTS5 MATCH expression. The query language:
 *
 *   word            notes containing the word (any form the tokenizer folds to it: case, accents)
 *   "two words"     the phrase, words adjacent and in order
 *   prefix*         words starting with "prefix"
 *   tag:work        only notes tagged "work" (exact tag, always combined with AND)
 *   a OR b, a AND b, a NOT b, ( … )   boolean operators (uppercase, as in FTS5); adjacent terms are ANDed
 *
 * Raw input never reaches MATCH: every word and phrase is re-quoted here (FTS5 "strings", with `"`
 * doubled), so column filters, NEAR, `^` and stray punctuation are just text. If the operators and
 * parentheses do not form a valid expression (a dangling OR, an unclosed quote or parenthesis, a
 * leading NOT — which FTS5 rejects), the query is read again as plain words, all required.
 */
import { NOTE_LIMITS } from "./limits";
import { checkTag } from "./validate";

type Token =
  | { kind: "term"; text: string; prefix: boolean }
  | { kind: "op"; op: "AND" | "OR" | "NOT" }
  | { kind: "open" }
  | { kind: "close" };

export interface TranslatedQuery {
  /** The FTS5 MATCH expression, or undefined when the query is tags only. */
  match?: string;
  /** Required tags (normalised). */
  tags: string[];
  /** True when the operators did not parse and the words were taken plainly. */
  plain: boolean;
  /** Words and phrases searched for (for messages). */
  terms: number;
}

export type Translation = { ok: true; query: TranslatedQuery } | { ok: false; message: string };

/** Characters the unicode61 tokenizer keeps (letters, numbers, private use); a term without any matches nothing. */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;

export function translateQuery(input: unknown): Translation {
  if (typeof input !== "string") return { ok: false, message: "query must be a string." };
  if (input.includes("\u0000")) return { ok: false, message: "query contains a NUL character (U+0000); remove it." };
  if (!input.isWellFormed())
    return { ok: false, message: "query contains an unpaired UTF-16 surrogate; send valid Unicode text." };
  const query = input.normalize("NFC");
  if ([...query].length > NOTE_LIMITS.queryChars) {
    return {
      ok: false,
      message: `query is longer than ${NOTE_LIMITS.queryChars} characters; search for the few most distinctive words.`,
    };
  }
  const { tokens, tags, balancedQuotes } = tokenize(query);
  const terms = tokens.filter((token) => token.kind === "term").length;
  if (terms + tags.length > NOTE_LIMITS.queryTerms) {
    return {
      ok: false,
      message: `query has ${terms + tags.length} terms; the limit is ${NOTE_LIMITS.queryTerms}. Search for the most distinctive ones.`,
    };
  }
  if (terms === 0 && tags.length === 0) {
    return {
      ok: false,
      message: 'query has no words to search for; give at least one word, "phrase", prefix* or tag:name.',
    };
  }
  if (terms === 0) return { ok: true, query: { tags, plain: false, terms } };
  const strict = balancedQuotes ? parse(tokens) : undefined;
  if (strict !== undefined) return { ok: true, query: { match: strict, tags, plain: false, terms } };
  return { ok: true, query: { match: plainMatch(tokens), tags, plain: true, terms } };
}

/** Every word and phrase of the query, all required, with the operators dropped. */
export function plainMatch(tokens: readonly Token[]): string {
  return tokens.flatMap((token) => (token.kind === "term" ? [quote(token)] : [])).join(" ");
}

/** The plain reading of a query (for the retry when a strict expression still fails in SQLite). */
export function plainQuery(query: TranslatedQuery, input: string): TranslatedQuery {
  const { tokens } = tokenize(input.normalize("NFC"));
  return { ...query, match: plainMatch(tokens), plain: true };
}

function quote(term: { text: string; prefix: boolean }): string {
  return `"${term.text.replace(/"/g, '""')}"${term.prefix ? "*" : ""}`;
}

function tokenize(query: string): { tokens: Token[]; tags: string[]; balancedQuotes: boolean } {
  const tokens: Token[] = [];
  const tags: string[] = [];
  let balancedQuotes = true;
  let i = 0;
  const pushTerm = (text: string, prefix: boolean) => {
    if (TOKEN_CHAR.test(text)) tokens.push({ kind: "term", text, prefix });
  };
  while (i < query.length) {
    const char = query[i] as string;
    if (/\s/u.test(char)) {
      i++;
    } else if (char === "(") {
      tokens.push({ kind: "open" });
      i++;
    } else if (char === ")") {
      tokens.push({ kind: "close" });
      i++;
    } else if (char === '"') {
      const end = query.indexOf('"', i + 1);
      if (end === -1) {
        // An unclosed quote: its words still count, but only as plain words.
        balancedQuotes = false;
        for (const word of query.slice(i + 1).split(/[\s()]+/u)) pushTerm(word.replace(/\*+$/, ""), false);
        break;
      }
      const prefix = query[end + 1] === "*";
      pushTerm(query.slice(i + 1, end), prefix);
      i = end + 1 + (prefix ? 1 : 0);
    } else {
      let end = i;
      while (end < query.length && !/[\s()"]/u.test(query[end] as string)) end++;
      const word = query.slice(i, end);
      i = end;
      if (word === "AND" || word === "OR" || word === "NOT") {
        tokens.push({ kind: "op", op: word });
        continue;
      }
      if (/^tag:/i.test(word)) {
        const tag = checkTag(word.slice(4));
        if (tag.ok) {
          if (!tags.includes(tag.value)) tags.push(tag.value);
          continue;
        }
      }
      const prefix = /\*$/.test(word);
      pushTerm(prefix ? word.replace(/\*+$/, "") : word, prefix);
    }
  }
  return { tokens, tags, balancedQuotes };
}

/**
 * Recursive descent over `or := and (OR and)*`, `and := not ((AND)? not)*`, `not := primary (NOT primary)*`,
 * `primary := term | ( or )`. Output is fully parenthesised so FTS5's own precedence never matters.
 * Returns undefined when the tokens are not a valid expression.
 */
function parse(tokens: readonly Token[]): string | undefined {
  let position = 0;
  const peek = () => tokens[position];
  const isOp = (op: string) => {
    const token = peek();
    return token?.kind === "op" && token.op === op;
  };

  function primary(): string | undefined {
    const token = peek();
    if (!token) return undefined;
    if (token.kind === "term") {
      position++;
      return quote(token);
    }
    if (token.kind === "open") {
      position++;
      const inner = or();
      if (inner === undefined || peek()?.kind !== "close") return undefined;
      position++;
      return inner;
    }
    return undefined;
  }

  function not(): string | undefined {
    let left = primary();
    while (left !== undefined && isOp("NOT")) {
      position++;
      const right = primary();
      if (right === undefined) return undefined;
      left = `(${left} NOT ${right})`;
    }
    return left;
  }

  function and(): string | undefined {
    let left = not();
    while (left !== undefined) {
      const next = peek();
      const explicit = isOp("AND");
      if (!explicit && next?.kind !== "term" && next?.kind !== "open") break;
      if (explicit) position++;
      const right = not();
      if (right === undefined) return undefined;
      left = `(${left} AND ${right})`;
    }
    return left;
  }

  function or(): string | undefined {
    let left = and();
    while (left !== undefined && isOp("OR")) {
      position++;
      const right = and();
      if (right === undefined) return undefined;
      left = `(${left} OR ${right})`;
    }
    return left;
  }

  const expression = or();
  return expression !== undefined && position === tokens.length ? expression : undefined;
}
