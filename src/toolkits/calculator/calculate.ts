import type { MathJsInstance, MathNode } from "mathjs";
import { parseChecked, withGuards } from "./check";
import { type CalcMode, calculatorFor, ExpressionError } from "./engine";
import { type FormattedResult, formatResult, normalizedExpression } from "./format";

export interface Calculation extends FormattedResult {
  expression: string;
  mode: CalcMode;
}

/** How many sub-expressions are re-evaluated, innermost first, to find the part that failed. */
const MAX_PARTS_TRIED = 60;

/**
 * Evaluate one expression in a locked-down mathjs instance. Throws ExpressionError (with a
 * position when one is known) for anything the caller should fix.
 */
export async function calculate(expression: string, mode: CalcMode): Promise<Calculation> {
  const calculator = await calculatorFor(mode);
  const { math } = calculator;
  const tree = parseChecked(calculator, expression);
  const normalized = normalizedExpression(math, tree);
  let value: unknown;
  try {
    value = withGuards(math, tree).compile().evaluate();
  } catch (error) {
    throw explainFailure(math, tree, error, mode);
  }
  return { ...formatResult(math, mode, value), expression: normalized, mode };
}

/**
 * mathjs errors say what went wrong but not where. Every sub-expression is self-contained (there
 * are no variables), so evaluating them innermost first finds the smallest part that fails.
 */
function explainFailure(math: MathJsInstance, tree: MathNode, error: unknown, mode: CalcMode): ExpressionError {
  const parts: MathNode[] = [];
  collectPostOrder(math, tree, parts);
  for (const part of parts.slice(0, MAX_PARTS_TRIED)) {
    if (part === tree) break;
    try {
      withGuards(math, part).compile().evaluate();
    } catch (partError) {
      return new ExpressionError(`${describeError(partError, mode)} (in "${normalizedExpression(math, part)}")`);
    }
  }
  return new ExpressionError(describeError(error, mode));
}

function collectPostOrder(math: MathJsInstance, node: MathNode, into: MathNode[]): void {
  node.forEach((child) => collectPostOrder(math, child, into));
  if (math.isOperatorNode(node) || math.isFunctionNode(node)) into.push(node);
}

function describeError(error: unknown, mode: CalcMode): string {
  if (error instanceof ExpressionError) return error.message;
  if (error instanceof RangeError) return "The expression is too deeply nested to evaluate; simplify it.";
  const message = error instanceof Error ? error.message : String(error);
  if (mode === "fraction" && /implicitly convert a Fraction/i.test(message)) {
    return 'This has no exact fraction result (roots, logarithms and trigonometry usually do not); use mode "bignumber" or "number"';
  }
  // typed-function names internal helpers (addScalar); the public name is what the caller wrote.
  return message.replace(/\bfunction (\w+?)Scalar\b/, "function $1");
}
