import { describe, expect, it } from "vitest";
import { formatCount } from "../../src/lib/format-count";

describe("formatCount", () => {
  it.each([
    0,
    7,
    999,
    1_000,
    4_000,
    12_000,
    65_536,
    999_999,
    1_000_000,
    1_234_567,
    -1,
    -1_000,
    -1_234_567,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
  ])("writes %d as toLocaleString('en-US') does", (value) => {
    expect(formatCount(value)).toBe(value.toLocaleString("en-US"));
  });

  it("groups digits in threes from the right", () => {
    expect(formatCount(12_000)).toBe("12,000");
    expect(formatCount(1_234_567)).toBe("1,234,567");
    expect(formatCount(-50_000)).toBe("-50,000");
    expect(formatCount(100)).toBe("100");
  });

  it("leaves fractions, huge values and non-finite numbers to the locale formatter", () => {
    for (const value of [1234.5, 2 ** 60, 1e21, Infinity, Number.NaN, -0]) {
      expect(formatCount(value)).toBe(value.toLocaleString("en-US"));
    }
  });
});
