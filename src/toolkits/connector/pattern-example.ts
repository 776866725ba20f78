/**
 * A string matching a simple regular expression, for example values of pattern-constrained fields
 * (`^ntf_[a-z0-9]{16}$` → "ntf_aaaaaaaaaaaaaaaa"). Handles what input schemas use in practice:
 * anchors, literals, escapes (\d \w \s \.), character classes, groups with alternatives (the first
 * is taken) and the quantifiers ? * + {n} {n,} {n,m} (each at its minimum).
 * Returns undefined for anything else (lookarounds, backreferences…) or when the result does not
 * match after all.
 */
export function stringMatching(pattern: string): string | undefined {
  try {
    const parser = new PatternParser(pattern);
    const result = parser.sequence();
    if (!parser.done()) return undefined;
    return new RegExp(pattern, "u").test(result) ? result : undefined;
  } catch {
    return undefined;
  }
}

const MAX_REPEAT = 200;

const ESCAPES: Record<string, string> = { d: "1", w: "a", s: " ", D: "a", W: "-", S: "a", n: "\n", t: "\t" };

class PatternParser {
  private index = 0;

  constructor(private readonly source: string) {}

  done(): boolean {
    return this.index >= this.source.length;
  }

  /** Alternatives separated by `|` up to the end or a closing `)`: the first is used. */
  sequence(): string {
    const first = this.alternative();
    while (this.peek() === "|") {
      this.index++;
      this.alternative();
    }
    return first;
  }

  private alternative(): string {
    let out = "";
    while (!this.done() && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.atom();
      out += atom.repeat(this.quantifier());
    }
    return out;
  }

  private atom(): string {
    const char = this.next();
    switch (char) {
      case "^":
      case "$":
        return "";
      case "(": {
        if (this.peek() === "?") {
          if (this.source.slice(this.index, this.index + 2) !== "?:") throw new Error("lookaround");
          this.index += 2;
        }
        const inner = this.sequence();
        if (this.next() !== ")") throw new Error("unclosed group");
        return inner;
      }
      case "[":
        return this.characterClass();
      case "\\": {
        const escaped = this.next();
        if (/[1-9bBkpPu]/.test(escaped)) throw new Error("unsupported escape");
        return ESCAPES[escaped] ?? escaped;
      }
      case ".":
        return "a";
      default:
        if ("*+?{".includes(char)) throw new Error("dangling quantifier");
        return char;
    }
  }

  /** The first character a class allows (a range gives its start); negated classes are not handled. */
  private characterClass(): string {
    if (this.peek() === "^") throw new Error("negated class");
    let first: string | undefined;
    while (this.peek() !== "]") {
      if (this.done()) throw new Error("unclosed class");
      let char = this.next();
      if (char === "\\") {
        const escaped = this.next();
        char = ESCAPES[escaped] ?? escaped;
      }
      first ??= char;
    }
    this.index++;
    if (first === undefined) throw new Error("empty class");
    return first;
  }

  private quantifier(): number {
    const char = this.peek();
    if (char === "?" || char === "*") {
      this.index++;
      this.skipLazy();
      return 0;
    }
    if (char === "+") {
      this.index++;
      this.skipLazy();
      return 1;
    }
    if (char === "{") {
      const match = /^\{(\d+)(,\d*)?\}/.exec(this.source.slice(this.index));
      if (!match) throw new Error("bad quantifier");
      this.index += match[0].length;
      this.skipLazy();
      // An example is for reading: a pattern demanding thousands of repetitions gets no example.
      if (Number(match[1]) > MAX_REPEAT) throw new Error("too long");
      return Number(match[1]);
    }
    return 1;
  }

  private skipLazy(): void {
    if (this.peek() === "?") this.index++;
  }

  private peek(): string | undefined {
    return this.source[this.index];
  }

  private next(): string {
    const char = this.source[this.index++];
    if (char === undefined) throw new Error("unexpected end");
    return char;
  }
}
