import { describe, expect, it } from "vitest";
import { capToolResult, IMAGE_CONTEXT_TOKENS, resultTokens } from "../../src/mcp/output-cap";
import { estimateTokens, prefixWithinTokens } from "../../src/mcp/token-estimate";

const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
const textOf = (result: { content: unknown[] }, index = 0) => (result.content[index] as { text: string }).text;

describe("estimateTokens", () => {
  it("charges per code point class, erring towards more tokens", () => {
    expect(estimateTokens("abc")).toBe(1); // ASCII: 3 characters a token
    expect(estimateTokens("a".repeat(3_000))).toBe(1_000);
    expect(estimateTokens("é".repeat(100))).toBe(100); // two-byte UTF-8: 1 token each
    expect(estimateTokens("語".repeat(100))).toBe(150); // CJK: 1.5 tokens each
    expect(estimateTokens("😀".repeat(100))).toBe(300); // emoji: 3 tokens each, one code point in two UTF-16 units
    expect(estimateTokens("")).toBe(0);
  });

  it("never counts fewer tokens than characters outside ASCII, so CJK and emoji cannot pass at twice the budget", () => {
    for (const sample of ["日本語のテキスト", "한국어 텍스트", "Привет мир", "👨‍👩‍👧 🎉✨", "मानक हिन्दी"]) {
      const nonAscii = [...sample].filter((char) => char.codePointAt(0)! >= 0x80).length;
      expect(estimateTokens(sample), sample).toBeGreaterThanOrEqual(nonAscii);
    }
  });

  it("finds the longest prefix within a budget without splitting a surrogate pair", () => {
    expect(prefixWithinTokens("😀😀😀", 6)).toBe(4);
    expect(prefixWithinTokens("😀😀😀", 5)).toBe(2);
    expect(prefixWithinTokens("ab語", 1)).toBe(2);
  });
});

describe("capToolResult", () => {
  const cap = 1_000;

  it("leaves CJK, emoji and mixed text at the limit untouched, and cuts it one character over", () => {
    const limit = 1_200;
    const atLimit = {
      cjk: "語".repeat(800), // 1.5 tokens a character
      emoji: "🎉".repeat(400), // 3 tokens each
      mixed: `${"ab語é".repeat(378)}語`, // 19 sixths a repeat: 1,199 tokens
    };
    for (const [name, value] of Object.entries(atLimit)) {
      expect(resultTokens(text(value)), name).toBeLessThanOrEqual(limit);
      expect(resultTokens(text(value)), name).toBeGreaterThan(limit - 2);
      expect(capToolResult(text(value), limit, "t"), name).toEqual(text(value));
      const over = text(`${value}😀`);
      const capped = capToolResult(over, limit, "t");
      expect(capped.content, name).toHaveLength(2);
      expect(resultTokens(capped), name).toBeLessThanOrEqual(limit);
      expect(textOf(capped, 1), name).toMatch(
        /\[Truncated: about \d+ of 1,20\d tokens omitted to stay under the 1,200-token limit\. Ask t for a smaller part/,
      );
    }
  });

  it("keeps as much CJK as the budget allows: half the characters ASCII would get", () => {
    const capped = capToolResult(text("語".repeat(5_000)), cap, "t");
    const kept = textOf(capped);
    expect(kept.length).toBe(600); // (1,000 - 100 for the note) / 1.5
    const ascii = textOf(capToolResult(text("a".repeat(5_000)), cap, "t"));
    expect(ascii.length).toBe(2_700);
  });

  it("never cuts an emoji in half", () => {
    const kept = textOf(capToolResult(text("x" + "😀".repeat(1_000)), cap, "t"));
    expect(kept.endsWith("\uD83D")).toBe(false);
    expect([...kept.slice(1)].every((char) => char === "😀")).toBe(true);
  });

  it("cuts across several blocks, keeping earlier ones whole", () => {
    const capped = capToolResult(
      {
        content: [
          { type: "text", text: "x".repeat(1_800) },
          { type: "text", text: "y".repeat(1_800) },
        ],
      },
      cap,
      "t",
    );
    expect(capped.content.map((block) => (block as { text: string }).text.length)).toEqual([
      1_800,
      900,
      expect.any(Number),
    ]);
  });

  it("counts structured data and its text copy both, and refuses an oversized structured result", () => {
    const data = { items: "語".repeat(400) }; // ~604 tokens as JSON
    const structured = { content: [{ type: "text" as const, text: JSON.stringify(data) }], structuredContent: data };
    expect(resultTokens(structured)).toBe(2 * estimateTokens(JSON.stringify(data)));
    const capped = capToolResult(structured, cap, "list_tool");
    expect(capped.isError).toBe(true);
    expect(capped.structuredContent).toBeUndefined();
    expect(textOf(capped)).toMatch(/list_tool was about 1,208 tokens, over this connector's 1,000-token limit/);
    const small = { content: [{ type: "text" as const, text: "{}" }], structuredContent: { items: "語".repeat(300) } };
    expect(capToolResult(small, cap, "list_tool")).toBe(small);
  });

  it("counts a link's JSON and an embedded blob at 2 base64 characters a token", () => {
    const link = { type: "resource_link" as const, uri: "file://f_1", name: "a.bin" };
    expect(resultTokens({ content: [link] })).toBe(estimateTokens(JSON.stringify(link)));
    const blob = { type: "resource" as const, resource: { uri: "file://f_1", blob: "A".repeat(3_000) } };
    expect(resultTokens({ content: [blob] })).toBe(
      1_500 + estimateTokens(JSON.stringify({ type: "resource", resource: { uri: "file://f_1" } })),
    );
  });

  it("counts an image at its context cost, whatever the size of its base64", () => {
    const small = { type: "image" as const, data: "AAAA", mimeType: "image/png" };
    const large = { type: "image" as const, data: "A".repeat(500_000), mimeType: "image/jpeg" };
    expect(resultTokens({ content: [small] })).toBe(IMAGE_CONTEXT_TOKENS);
    expect(resultTokens({ content: [large] })).toBe(IMAGE_CONTEXT_TOKENS);
    const kept = capToolResult(
      { content: [large, { type: "text", text: "caption" }] },
      IMAGE_CONTEXT_TOKENS + 100,
      "files_get",
    );
    expect(kept.content).toEqual([large, { type: "text", text: "caption" }]);
    const dropped = capToolResult({ content: [large] }, IMAGE_CONTEXT_TOKENS - 1, "files_get");
    expect(dropped.content.some((block) => block.type === "image")).toBe(false);
  });
});
