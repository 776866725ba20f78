import type { MathJsInstance, MathNode } from "mathjs";
import { formatCount } from "../../lib/format-count";
import { DISABLED_FUNCTIONS } from "./allowlist";
import { createCalculatorMath } from "./instance";
import { CALC_LIMITS } from "./limits";

export const CALC_MODES = ["number", "bignumber", "fraction"] as const;
export type CalcMode = (typeof CALC_MODES)[number];

/** A problem with the expression the caller can fix; `position` is a 0-based character offset when known. */
export class ExpressionError extends Error {
  override name = "ExpressionError";
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(message);
  }
}

/** One locked-down mathjs instance and the parser captured before the instance's own was disabled. */
export interface Calculator {
  readonly mode: CalcMode;
  readonly math: MathJsInstance;
  parse(expression: string): MathNode;
}

/**
 * Functions that can loop or allocate in proportion to their arguments. Expressions never call
 * them directly: `guard.ts` rewrites calls and operators (`^`, `!`) to these checked names, which
 * are absent from the allowlist, so an expression cannot name them either.
 */
export const GUARDED: Readonly<Record<string, string>> = {
  pow: "outpostGuardedPow",
  dotPow: "outpostGuardedDotPow",
  factorial: "outpostGuardedFactorial",
  gamma: "outpostGuardedGamma",
  combinations: "outpostGuardedCombinations",
  permutations: "outpostGuardedPermutations",
};

// Building an instance costs milliseconds and its state never changes afterwards, so each mode's
// instance is made on first use and kept for the isolate's lifetime. The promise is cached, not the
// instance, so concurrent first calls share one build.
const instances = new Map<CalcMode, Promise<Calculator>>();

export function calculatorFor(mode: CalcMode): Promise<Calculator> {
  let calculator = instances.get(mode);
  if (!calculator) {
    calculator = buildCalculator(mode);
    instances.set(mode, calculator);
    // A failed build (not expected: the module is in the bundle) is retried on the next call.
    calculator.catch(() => instances.delete(mode));
  }
  return calculator;
}

async function buildCalculator(mode: CalcMode): Promise<Calculator> {
  // Built on first use: creating the typed functions is the expensive part of mathjs, and it would
  // otherwise be paid at start-up by every isolate, whether or not it ever calculates. Importing
  // only the factories the calculator needs (instance.ts) keeps the rest of mathjs out of the bundle.
  const math = createCalculatorMath({
    number: mode === "bignumber" ? "BigNumber" : mode === "fraction" ? "Fraction" : "number",
    // 64 significant digits: enough for "big numbers" without making each operation slow.
    precision: 64,
  });
  const parse = math.parse;
  const pow = math.pow;
  const dotPow = math.dotPow;
  const factorial = math.factorial;
  const gamma = math.gamma;
  const combinations = math.combinations;
  const permutations = math.permutations;
  const guards: Record<string, (...args: unknown[]) => unknown> = {
    [GUARDED.pow as string]: (base, exponent) => {
      checkExactPower(math, base, exponent);
      return pow(base as never, exponent as never);
    },
    [GUARDED.dotPow as string]: (base, exponent) => {
      checkExactPower(math, base, exponent);
      return dotPow(base as never, exponent as never);
    },
    [GUARDED.factorial as string]: (n) => {
      checkLoopCount(math, "factorial", n);
      return factorial(n as never);
    },
    [GUARDED.gamma as string]: (n) => {
      checkLoopCount(math, "gamma", n);
      return gamma(n as never);
    },
    [GUARDED.combinations as string]: (n, k) => {
      checkLoopCount(math, "combinations", combinationsLoop(math, n, k));
      return combinations(n as never, k as never);
    },
    [GUARDED.permutations as string]: (...args) => {
      checkLoopCount(math, "permutations", args.length === 2 ? args[1] : args[0]);
      return (permutations as (...values: unknown[]) => unknown)(...args);
    },
  };
  const disabled = Object.fromEntries(
    DISABLED_FUNCTIONS.map((name) => [
      name,
      () => {
        throw new ExpressionError(`${name} is not available in this calculator.`);
      },
    ]),
  );
  // `import` is itself disabled by this call, so it must be the last one.
  math.import({ ...guards, ...disabled }, { override: true });
  return { mode, math, parse };
}

/** The magnitude of a scalar or the largest magnitude in an array or matrix; 0 for other values. */
function magnitude(math: MathJsInstance, value: unknown): number {
  if (typeof value === "number") return Math.abs(value);
  if (math.isBigNumber(value)) return Math.abs(value.toNumber());
  if (math.isFraction(value)) return Math.abs(Number(value.valueOf()));
  if (math.isComplex(value)) return Math.hypot(value.re, value.im);
  if (math.isMatrix(value)) return magnitude(math, value.toArray());
  if (Array.isArray(value)) return value.reduce<number>((largest, item) => Math.max(largest, magnitude(math, item)), 0);
  return 0;
}

/**
 * How many times combinations(n, k) multiplies: min(k, n − k) for floating-point arguments, but
 * max(k, n − k) for BigNumbers (mathjs 15 loops over the larger side there).
 */
function combinationsLoop(math: MathJsInstance, n: unknown, k: unknown): number {
  const total = magnitude(math, n);
  const chosen = magnitude(math, k);
  const rest = Math.max(total - chosen, 0);
  return math.isBigNumber(n) || math.isBigNumber(k) ? Math.max(chosen, rest) : Math.min(chosen, rest);
}

/** factorial, gamma, combinations and permutations multiply once per unit of their argument. */
function checkLoopCount(math: MathJsInstance, name: string, argument: unknown): void {
  const size = typeof argument === "number" ? argument : magnitude(math, argument);
  if (!(size <= CALC_LIMITS.factorialMax)) {
    throw new ExpressionError(
      `${name} is limited to arguments up to ${formatCount(CALC_LIMITS.factorialMax)} here; use a smaller number.`,
    );
  }
}

/**
 * An exact power's size grows with the exponent: (n/d)^k has about k·log2(max(n, d)) bits. Floating
 * and BigNumber powers have a fixed size (they overflow to Infinity instead), so only fractions,
 * alone or in a matrix, are checked.
 */
function checkExactPower(math: MathJsInstance, base: unknown, exponent: unknown): void {
  const bits = fractionBits(math, base);
  if (bits === 0) return;
  const estimate = bits * magnitude(math, exponent);
  if (!(estimate <= CALC_LIMITS.fractionPowerBits)) {
    throw new ExpressionError(
      `This exact power would have about ${Number.isFinite(estimate) ? formatCount(Math.round(estimate * 0.30103)) : "infinitely many"} digits, ` +
        `more than the calculator computes exactly. Use mode "bignumber" for 64 significant digits.`,
    );
  }
}

function fractionBits(math: MathJsInstance, value: unknown): number {
  if (math.isFraction(value)) {
    const { n, d } = value as unknown as { n: bigint; d: bigint };
    return Math.max(n.toString(2).length, d.toString(2).length, 1);
  }
  if (math.isMatrix(value)) return fractionBits(math, value.toArray());
  if (Array.isArray(value))
    return (
      value.reduce<number>((largest, item) => Math.max(largest, fractionBits(math, item)), 0) +
      Math.log2(value.length || 1)
    );
  return 0;
}
