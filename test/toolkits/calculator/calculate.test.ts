import { describe, expect, it } from "vitest";
import { calculate } from "../../../src/toolkits/calculator/calculate";
import { ExpressionError } from "../../../src/toolkits/calculator/engine";
import { CALC_LIMITS } from "../../../src/toolkits/calculator/limits";

/** The ExpressionError an expression throws (fails the test when it evaluates). */
async function failure(
  expression: string,
  mode: "number" | "bignumber" | "fraction" = "number",
): Promise<ExpressionError> {
  try {
    const result = await calculate(expression, mode);
    throw new Error(`expected "${expression}" to fail, got ${result.result}`);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return error;
  }
}

describe("calculate", () => {
  it("does arithmetic without floating-point noise and shows how it read the expression", async () => {
    expect(await calculate("0.1 + 0.2", "number")).toMatchObject({
      result: "0.3",
      number: 0.3,
      unit: null,
      type: "number",
      mode: "number",
    });
    expect(await calculate("2(3 + 4)", "number")).toMatchObject({ result: "14", expression: "2 * (3 + 4)" });
    expect((await calculate("sqrt(2) * 3^4", "number")).number).toBeCloseTo(Math.SQRT2 * 81, 10);
    expect((await calculate("sin(pi / 2)", "number")).result).toBe("1");
  });

  it("converts units", async () => {
    expect(await calculate("12 inch to cm", "number")).toMatchObject({
      result: "30.48 cm",
      number: 30.48,
      unit: "cm",
      type: "unit",
    });
    expect((await calculate("100 degF to degC", "number")).number).toBeCloseTo(37.7778, 3);
    expect(await calculate("60 mi/h to km/h", "number")).toMatchObject({ number: 96.56064, unit: "km / h" });
  });

  it("keeps every digit in bignumber mode and exact ratios in fraction mode", async () => {
    expect((await calculate("2^100", "bignumber")).result).toBe("1267650600228229401496703205376");
    expect(await calculate("0.1 + 0.2", "bignumber")).toMatchObject({ result: "0.3", type: "bignumber" });
    expect(await calculate("1/3 + 1/6", "fraction")).toMatchObject({ result: "1/2", number: 0.5, type: "fraction" });
    expect(await calculate("0.1 + 0.2", "fraction")).toMatchObject({ result: "3/10", expression: "0.1 + 0.2" });
    expect(await calculate("12 inch to cm", "fraction")).toMatchObject({ result: "762/25 cm", unit: "cm" });
  });

  it("handles complex numbers, matrices and booleans", async () => {
    expect(await calculate("sqrt(-4)", "number")).toMatchObject({ result: "2i", type: "complex", number: null });
    expect((await calculate("det([[1, 2], [3, 4]])", "number")).result).toBe("-2");
    expect(await calculate("[[1, 2], [3, 4]] * [1, 1]", "number")).toMatchObject({ result: "[3, 7]", type: "matrix" });
    expect(await calculate("3 > 2", "number")).toMatchObject({ result: "true", type: "boolean" });
  });

  it("points at the position of a syntax error", async () => {
    const error = await failure("12 + * 3");
    expect(error.message).toContain("Value expected");
    expect(error.position).toBe(5);
    expect((await failure("(1 + 2")).position).toBe(6);
  });

  it("names the part of the expression that failed to evaluate", async () => {
    expect((await failure("2 * (5 cm + 3 kg)")).message).toMatch(/Units do not match.*"5 \* cm \+ 3 \* kg"/);
    expect((await failure("sqrt(2)", "fraction")).message).toContain('mode "bignumber"');
  });
});

describe("calculate refuses hostile expressions", () => {
  it.each([
    ["cos.constructor", "Property access"],
    ['cos["constructor"]', "Property access"],
    ['cos["constructor"]("return 1")()', "Value expected"],
    ["[].constructor", "Property access"],
    ["cos.constructor(1)", "Only named functions"],
    ['evaluate("1 + 1")', '"evaluate" is not a function'],
    ["import({}, {override: true})", '"import" is not a function'],
    ['createUnit("foo")', '"createUnit" is not a function'],
    ['parse("1")', '"parse" is not a function'],
    ['simplify("x+x")', '"simplify" is not a function'],
    ['config({number: "Fraction"})', '"config" is not a function'],
    ["f(x) = x^2", "function definitions"],
    ["x = 5", "Assignments"],
    ["1; 2", "one expression per call"],
    ["{a: 1}", "Objects"],
    ["1:1000000000", "Ranges"],
    ["zeros(100000, 100000)", '"zeros" is not a function'],
    ["isPrime(9007199254740881)", '"isPrime" is not a function'],
    ["constructor", "not a known unit or constant"],
    ["toString", "not a known unit or constant"],
    ["sin", "not a known unit or constant"],
    ["outpostGuardedPow(2, 3)", "not a function"],
    ['"abc"', "Quoted text"],
    ["(sin)(1)", "not a known unit or constant"],
  ])("%s", async (expression, message) => {
    expect((await failure(expression)).message).toContain(message);
  });

  it("bounds huge exponents: floats overflow to Infinity, exact powers are refused", async () => {
    expect(await calculate("9^9^9", "number")).toMatchObject({ result: "Infinity", number: null });
    expect((await calculate("2^1e9", "bignumber")).result).toMatch(/e\+301029995$/);
    expect((await failure("2^1000000", "fraction")).message).toContain("exact power");
    expect((await failure("(2/3)^(10^9)", "fraction")).message).toContain("exact power");
    expect((await failure("fraction(2)^1000000", "number")).message).toContain("exact power");
    expect((await failure("[[1, 1], [1, 0]]^1000000", "fraction")).message).toContain("exact power");
    // The same guard on a nested power: transform() does not descend into replaced nodes by itself.
    expect((await failure("1 + (3 * 2^(2^30))", "fraction")).message).toContain("exact power");
  });

  it("bounds factorials and their relatives", async () => {
    expect((await calculate(`factorial(${CALC_LIMITS.factorialMax})`, "bignumber")).type).toBe("bignumber");
    expect((await failure(`factorial(${CALC_LIMITS.factorialMax + 1})`, "bignumber")).message).toContain(
      "factorial is limited",
    );
    expect((await failure("3!!!!", "bignumber")).message).toContain("factorial is limited");
    expect((await failure("gamma(1e9)", "bignumber")).message).toContain("gamma is limited");
    expect((await failure("combinations(1e12, 5e11)", "bignumber")).message).toContain("combinations is limited");
    expect((await failure("permutations(1e12, 1e9)", "bignumber")).message).toContain("permutations is limited");
    // mathjs loops min(k, n − k) times for floats but max(k, n − k) times for BigNumbers.
    expect((await calculate("combinations(1e12, 2)", "number")).number).toBe(4.999999999995e23);
    expect((await failure("combinations(1e12, 2)", "bignumber")).message).toContain("combinations is limited");
    expect((await calculate("combinations(10000, 2)", "bignumber")).result).toBe("49995000");
  });

  it("bounds length, nesting and size", async () => {
    const longest = `1${"+1".repeat((CALC_LIMITS.expressionChars - 1) / 2)}`;
    expect(longest.length).toBeLessThanOrEqual(CALC_LIMITS.expressionChars);
    expect((await failure(longest)).message).toContain(`more than ${CALC_LIMITS.nodes} parts`);
    expect((await failure(`${"1".repeat(CALC_LIMITS.expressionChars)}+1`)).message).toContain("longer than");

    const deepest = `${"(".repeat(CALC_LIMITS.nestingDepth)}1${")".repeat(CALC_LIMITS.nestingDepth)}`;
    expect((await calculate(deepest, "number")).result).toBe("1");
    const tooDeep = `${"(".repeat(CALC_LIMITS.nestingDepth + 1)}1${")".repeat(CALC_LIMITS.nestingDepth + 1)}`;
    const error = await failure(tooDeep);
    expect(error.message).toContain("nested more than");
    expect(error.position).toBe(CALC_LIMITS.nestingDepth);
    expect((await failure("-".repeat(900) + "1")).message).toContain("parts");
  });

  it("refuses a result longer than the cap", async () => {
    expect((await calculate("2^6000", "fraction")).result.length).toBeLessThanOrEqual(CALC_LIMITS.resultChars);
    expect((await failure("2^7000", "fraction")).message).toContain("characters long");
  });
});
