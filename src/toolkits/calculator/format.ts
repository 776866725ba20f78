import type { MathJsInstance, MathNode } from "mathjs";
import { formatCount } from "../../lib/format-count";
import { type CalcMode, ExpressionError } from "./engine";
import { CALC_LIMITS } from "./limits";

export type ResultType = "number" | "bignumber" | "fraction" | "complex" | "unit" | "matrix" | "boolean";

export interface FormattedResult {
  /** The full result as text, with its unit when it has one: "30.48 cm", "1/3", "2i". */
  result: string;
  /** A floating-point approximation of a real scalar (of its magnitude, for a unit), or null. */
  number: number | null;
  unit: string | null;
  type: ResultType;
}

/** Per mode: hide binary floating-point noise (0.1 + 0.2) in number mode, show every digit otherwise. */
function formatOptions(mode: CalcMode) {
  return mode === "number"
    ? { precision: 14, lowerExp: -9, upperExp: 21 }
    : { precision: 64, lowerExp: -12, upperExp: 64 };
}

export function formatResult(math: MathJsInstance, mode: CalcMode, value: unknown): FormattedResult {
  const options = formatOptions(mode);
  const describe = (): Omit<FormattedResult, "result"> & { text: () => string } => {
    if (typeof value === "number")
      return { type: "number", number: approximate(value), unit: null, text: () => math.format(value, options) };
    if (math.isBigNumber(value))
      return {
        type: "bignumber",
        number: approximate(value.toNumber()),
        unit: null,
        text: () => math.format(value, options),
      };
    if (math.isFraction(value))
      return {
        type: "fraction",
        number: approximate(Number(value.valueOf())),
        unit: null,
        text: () => math.format(value, options),
      };
    if (math.isComplex(value))
      return { type: "complex", number: null, unit: null, text: () => math.format(value, options) };
    if (typeof value === "boolean") return { type: "boolean", number: null, unit: null, text: () => String(value) };
    if (math.isUnit(value)) {
      const unit = value.formatUnits() || null;
      const numeric = value.value === null ? null : value.toNumeric(value.formatUnits());
      return {
        type: "unit",
        number: numeric === null ? null : approximate(Number(numeric.valueOf())),
        unit,
        text: () => math.format(value, options),
      };
    }
    if (math.isMatrix(value) || Array.isArray(value))
      return { type: "matrix", number: null, unit: null, text: () => math.format(value, options) };
    throw new ExpressionError("The expression did not produce a number, unit or matrix.");
  };
  const { text, ...rest } = describe();
  const result = text();
  if (result.length > CALC_LIMITS.resultChars) {
    throw new ExpressionError(
      `The result is ${formatCount(result.length)} characters long, more than ${formatCount(CALC_LIMITS.resultChars)}. ` +
        (mode === "fraction" ? 'Use mode "bignumber" for 64 significant digits.' : "Ask for a smaller result."),
    );
  }
  return { result, ...rest };
}

/** JSON has no Infinity or NaN; 15 significant digits is what a double holds reliably. */
function approximate(value: number): number | null {
  return Number.isFinite(value) ? Number(value.toPrecision(15)) : null;
}

/**
 * The expression as mathjs understood it, with implicit multiplication written out, so the caller
 * can check the reading ("2x" style ambiguity, operator precedence). Fraction-mode constants print
 * as the decimals that were typed rather than as ratios ("0.5", not "1/2").
 */
export function normalizedExpression(math: MathJsInstance, tree: MathNode): string {
  return tree.toString({
    implicit: "show",
    handler: (node: MathNode) => {
      if (math.isConstantNode(node) && math.isFraction(node.value))
        return (node.value as { toString(): string }).toString();
      return undefined;
    },
  });
}
