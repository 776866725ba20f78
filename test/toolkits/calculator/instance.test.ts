import { all, create, type MathJsInstance } from "mathjs";
import { describe, expect, it } from "vitest";
import { CALLABLE_FUNCTIONS, OPERATOR_FUNCTIONS } from "../../../src/toolkits/calculator/allowlist";
import { isPlainValue } from "../../../src/toolkits/calculator/check";
import { createCalculatorMath } from "../../../src/toolkits/calculator/instance";

/**
 * The calculator's instance is built from a hand-picked list of factories so the bundle can leave
 * the rest of mathjs out. These tests hold it to the full instance (`all`) for everything an
 * expression can reach, so a factory missing from the list fails here rather than in production.
 */
const MODES = [
  ["number", "number"],
  ["bignumber", "BigNumber"],
  ["fraction", "Fraction"],
] as const;

function instances(number: "number" | "BigNumber" | "Fraction"): { full: MathJsInstance; picked: MathJsInstance } {
  const config = { number, precision: 64 };
  return { full: create(all as NonNullable<typeof all>, config), picked: createCalculatorMath(config) };
}

/** The same rule as check.ts's isValueName, minus units: names a SymbolNode may resolve to a value. */
function valueNames(math: MathJsInstance): string[] {
  return Object.keys(math)
    .filter((name) => isPlainValue(math, (math as unknown as Record<string, unknown>)[name]))
    .sort();
}

/** What an expression evaluates to, or the error it throws, as comparable text. */
function outcome(math: MathJsInstance, expression: string): string {
  try {
    const value: unknown = math.parse(expression).compile().evaluate();
    return `${math.typeOf(value)}: ${math.format(value, { precision: 14 })}`;
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

// At least one call of every allowlisted function and operator, the transforms (dimension
// arguments, short-circuit logic), constants, units and a few failures.
const EXPRESSIONS = [
  "abs(-3)",
  "add(1, 2)",
  "cbrt(27)",
  "ceil(1.2)",
  "cube(3)",
  "divide(1, 3)",
  "exp(1)",
  "expm1(0.00001)",
  "fix(-1.5)",
  "floor(1.5)",
  "gcd(12, 18)",
  "hypot(3, 4)",
  "lcm(4, 6)",
  "log(100, 10)",
  "log(2)",
  "log10(1000)",
  "log1p(0.5)",
  "log2(8)",
  "mod(7, 3)",
  "multiply(2, 3)",
  "nthRoot(27, 3)",
  "pow(2, 10)",
  "round(2.567, 2)",
  "sign(-2)",
  "sqrt(2)",
  "square(4)",
  "subtract(5, 2)",
  "unaryMinus(3)",
  "unaryPlus(3)",
  "sin(1)",
  "cos(1)",
  "tan(1)",
  "sec(1)",
  "csc(1)",
  "cot(1)",
  "asin(0.5)",
  "acos(0.5)",
  "atan(1)",
  "atan2(1, 2)",
  "asec(2)",
  "acsc(2)",
  "acot(2)",
  "sinh(1)",
  "cosh(1)",
  "tanh(1)",
  "asinh(1)",
  "acosh(2)",
  "atanh(0.5)",
  "asin(2)",
  "max(1, 5, 3)",
  "max([[1, 2], [3, 4]], 1)",
  "min([[1, 2], [3, 4]], 2)",
  "mean([1, 2, 3, 4])",
  "mean([[1, 2], [3, 4]], 1)",
  "median([3, 1, 2])",
  "sum([1, 2, 3])",
  "sum([[1, 2], [3, 4]], 1)",
  "prod([1, 2, 3, 4])",
  "std([1, 2, 3, 4])",
  "std([[1, 2], [3, 4]], 1)",
  "variance([1, 2, 3, 4])",
  "variance([[1, 2], [3, 4]], 2)",
  "factorial(5)",
  "gamma(5.5)",
  "combinations(10, 3)",
  "permutations(5, 2)",
  "permutations(5)",
  "re(2 + 3i)",
  "im(2 + 3i)",
  "arg(1 + i)",
  "conj(2 + 3i)",
  "(1 + 2i) * (3 - i)",
  "sqrt(-4)",
  "number(5 cm, m)",
  "bignumber(1.5)",
  "fraction(0.75)",
  "5 cm to inch",
  "to(5 cm, inch)",
  "det([[1, 2], [3, 4]])",
  "inv([[1, 2], [3, 4]])",
  "transpose([[1, 2], [3, 4]])",
  "[[1, 2], [3, 4]]'",
  "dot([1, 2, 3], [4, 5, 6])",
  "cross([1, 0, 0], [0, 1, 0])",
  "trace([[1, 2], [3, 4]])",
  "norm([3, 4])",
  "norm([1, 2, 3], 1)",
  "compare(1, 2)",
  "equal(1, 1)",
  "unequal(1, 2)",
  "larger(2, 1)",
  "largerEq(2, 2)",
  "smaller(1, 2)",
  "smallerEq(3, 2)",
  "and(true, false)",
  "or(true, false)",
  "xor(true, true)",
  "not(true)",
  "1 and 0",
  "0 or 1",
  "not 0",
  "1 xor 1",
  "5 & 3",
  "5 | 3",
  "5 ^| 3",
  "~5",
  "1 << 3",
  "-16 >> 2",
  "-16 >>> 2",
  "0 & (1 cm + 1 kg)",
  "-1 | (1 cm + 1 kg)",
  "[1, 2] .* [3, 4]",
  "[1, 2] ./ [3, 4]",
  "[1, 2] .^ 2",
  "5!",
  "5 % 3",
  "5 mod 3",
  "1 < 2 < 3",
  "3 >= 2 == true",
  "1 != 2",
  "true ? 1 : 2",
  "0 ? 1 : 2",
  "[[1, 2], [3, 4]] * [1, 1]",
  "[[1, 2], [3, 4]]^3",
  "2^0.5",
  "2^-2",
  "-2^2",
  "pi",
  "e",
  "tau",
  "phi",
  "i",
  "E",
  "PI",
  "LN2",
  "LN10",
  "LOG2E",
  "LOG10E",
  "SQRT1_2",
  "SQRT2",
  "Infinity",
  "-Infinity",
  "NaN",
  "true",
  "false",
  "speedOfLight",
  "gravity",
  "planckConstant",
  "avogadro",
  "coulombConstant",
  "efimovFactor",
  "60 mph to km/h",
  "100 degF to degC",
  "1 lightyear to km",
  "5 kg * 9.8 m/s^2",
  "1 atm to Pa",
  "1 byte to bit",
  "3 ft + 2 inch",
  "1 / 0",
  "0 / 0",
  "1e400",
  "0.1 + 0.2",
  "1/3 + 1/6",
  "2^100",
  "5 cm + 3 kg",
  "[1, 2] * [1, 2, 3]",
  "foo(1)",
  "bar",
  "factorial(-1)",
  "gcd(1.5, 2)",
  "sqrt(2) * 3^4",
];

describe("the calculator's mathjs instance", () => {
  it.each(MODES)("has the same named constants as the full instance (%s mode)", (_mode, number) => {
    const { full, picked } = instances(number);
    const names = valueNames(full);
    expect(names.length).toBeGreaterThan(60);
    expect(valueNames(picked)).toEqual(names);
    for (const name of names) expect(outcome(picked, name), name).toBe(outcome(full, name));
  });

  it("has every allowlisted function and the transforms expressions use for them", () => {
    const { full, picked } = instances("number");
    for (const name of [...CALLABLE_FUNCTIONS, ...OPERATOR_FUNCTIONS]) {
      expect(typeof (picked as unknown as Record<string, unknown>)[name], name).toBe("function");
    }
    const transforms = (math: MathJsInstance) =>
      Object.keys((math as unknown as { expression: { transform: object } }).expression.transform)
        .filter((name) => CALLABLE_FUNCTIONS.has(name) || OPERATOR_FUNCTIONS.has(name))
        .sort();
    expect(transforms(full).length).toBeGreaterThan(5);
    expect(transforms(picked)).toEqual(transforms(full));
  });

  it("leaves out what the calculator never offers", () => {
    const { picked } = instances("number");
    for (const name of ["simplify", "derivative", "isPrime", "evaluate", "compile", "createUnit", "fft", "solveODE"]) {
      expect(name in picked, name).toBe(false);
    }
  });

  it.each(MODES)("evaluates every kind of expression exactly as the full instance does (%s mode)", (_mode, number) => {
    const { full, picked } = instances(number);
    for (const expression of EXPRESSIONS)
      expect(outcome(picked, expression), expression).toBe(outcome(full, expression));
  });
});
