import { describe, expect, it } from "vitest";
import { capToolResult, IMAGE_CONTEXT_CHARS, resultSize } from "../../src/mcp/output-cap";

const text = (n: number) => ({ content: [{ type: "text" as const, text: "a".repeat(n) }] });

describe("capToolResult", () => {
  it("leaves a result of exactly the limit untouched", () => {
    const result = text(100);
    expect(capToolResult(result, 100, "t")).toBe(result);
  });

  it("cuts text one character over the limit and says what was omitted", () => {
    const capped = capToolResult(text(101), 100, "big_tool");
    expect(capped.content[0]).toEqual({ type: "text", text: "a".repeat(100) });
    const note = capped.content[1] as { text: string };
    expect(note.text).toContain("1 of 101 characters omitted");
    expect(note.text).toContain("big_tool");
  });

  it("cuts across several blocks, keeping earlier ones whole", () => {
    const capped = capToolResult({ content: [{ type: "text", text: "x".repeat(60) }, { type: "text", text: "y".repeat(60) }] }, 100, "t");
    expect(capped.content.map((block) => (block as { text: string }).text.length)).toEqual([60, 40, expect.any(Number)]);
  });

  it("turns an oversized structured result into an error instead of breaking its schema", () => {
    const structured = { content: [{ type: "text" as const, text: "{}" }], structuredContent: { items: "z".repeat(200) } };
    const capped = capToolResult(structured, 100, "list_tool");
    expect(capped.isError).toBe(true);
    expect(capped.structuredContent).toBeUndefined();
    expect((capped.content[0] as { text: string }).text).toMatch(/list_tool .* over this connector's 100-character limit/);
  });

  it("counts structured data and non-text blocks", () => {
    expect(resultSize({ content: [{ type: "text", text: "abc" }], structuredContent: { a: 1 } })).toBe(3 + JSON.stringify({ a: 1 }).length);
    const link = { type: "resource_link" as const, uri: "file://f_1", name: "a.bin" };
    expect(resultSize({ content: [link] })).toBe(JSON.stringify(link).length);
  });

  it("counts an image at its context cost, whatever the size of its base64", () => {
    const small = { type: "image" as const, data: "AAAA", mimeType: "image/png" };
    const large = { type: "image" as const, data: "A".repeat(500_000), mimeType: "image/jpeg" };
    expect(resultSize({ content: [small] })).toBe(IMAGE_CONTEXT_CHARS);
    expect(resultSize({ content: [large] })).toBe(IMAGE_CONTEXT_CHARS);
    const kept = capToolResult({ content: [large, { type: "text", text: "caption" }] }, IMAGE_CONTEXT_CHARS + 100, "files_get");
    expect(kept.content).toEqual([large, { type: "text", text: "caption" }]);
    const dropped = capToolResult({ content: [large] }, IMAGE_CONTEXT_CHARS - 1, "files_get");
    expect(dropped.content.some((block) => block.type === "image")).toBe(false);
  });
});
