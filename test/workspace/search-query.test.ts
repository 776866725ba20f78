/** The query translator on its own: every output is a safe FTS5 expression or a clear refusal. */
import { describe, expect, it } from "vitest";
import { NOTE_LIMITS } from "../../src/workspace/limits";
import { translateQuery } from "../../src/workspace/search-query";

function match(query: string) {
  const result = translateQuery(query);
  if (!result.ok) throw new Error(result.message);
  return result.query;
}

describe("translateQuery", () => {
  it("quotes words and phrases, keeps prefixes, makes implicit AND explicit", () => {
    expect(match("apple pie").match).toBe('("apple" AND "pie")');
    expect(match('"apple pie" crust*').match).toBe('("apple pie" AND "crust"*)');
    expect(match('"apple pi"*').match).toBe('"apple pi"*');
  });

  it("honours AND, OR, NOT and parentheses with explicit grouping", () => {
    expect(match("a OR b c").match).toBe('("a" OR ("b" AND "c"))');
    expect(match("(a OR b) NOT c").match).toBe('(("a" OR "b") NOT "c")');
    expect(match("a AND b").match).toBe('("a" AND "b")');
    // Lowercase operators are words, as in FTS5.
    expect(match("cats and dogs").match).toBe('(("cats" AND "and") AND "dogs")');
  });

  it("pulls tag:x out as exact, normalised filters", () => {
    const query = match("tag:Work tag:#home budget");
    expect(query.tags).toEqual(["work", "home"]);
    expect(query.match).toBe('"budget"');
    expect(match("tag:work").match).toBeUndefined();
    // Not a valid tag: searched as text.
    expect(match("tag:a.b").match).toBe('"tag:a.b"');
  });

  it("reads invalid syntax as plain words instead of failing", () => {
    for (const [input, plain] of [
      ["apple OR", '"apple"'],
      ["NOT apple", '"apple"'],
      ["(apple pie", '"apple" "pie"'],
      ["apple) pie", '"apple" "pie"'],
      ['"unclosed phrase here', '"unclosed" "phrase" "here"'],
      ["a AND AND b", '"a" "b"'],
    ] as const) {
      const query = match(input);
      expect(query.plain, input).toBe(true);
      expect(query.match, input).toBe(plain);
    }
  });

  it("neutralises FTS5 syntax inside terms", () => {
    expect(match("title:secret").match).toBe('"title:secret"');
    expect(match("NEAR(a b)").match).toBe('("NEAR" AND ("a" AND "b"))');
    expect(match("^start").match).toBe('"^start"');
    expect(match('say "he said ""hi"""').plain).toBe(false);
    expect(match('quote"inside').match).toBe('"quote" "inside"');
  });

  it("refuses queries with nothing searchable, too long, or too many terms", () => {
    for (const query of ["", "   ", "!!! ???", "AND OR", "()", "🎉"]) {
      const result = translateQuery(query);
      expect(result.ok, query).toBe(false);
    }
    expect(translateQuery("a".repeat(NOTE_LIMITS.queryChars + 1)).ok).toBe(false);
    expect(translateQuery("a".repeat(NOTE_LIMITS.queryChars)).ok).toBe(true);
    expect(translateQuery(Array.from({ length: NOTE_LIMITS.queryTerms + 1 }, (_, i) => `w${i}`).join(" ")).ok).toBe(
      false,
    );
    expect(translateQuery(Array.from({ length: NOTE_LIMITS.queryTerms }, (_, i) => `w${i}`).join(" ")).ok).toBe(true);
    expect(translateQuery("a\u0000b").ok).toBe(false);
    expect(translateQuery(42).ok).toBe(false);
  });
});
