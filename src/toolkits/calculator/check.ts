import type { MathJsInstance, MathNode } from "mathjs";
import { formatCount } from "../../lib/format-count";
import { CALLABLE_FUNCTIONS, OPERATOR_FUNCTIONS } from "./allowlist";
import { type Calculator, ExpressionError, GUARDED } from "./engine";
import { CALC_LIMITS } from "./limits";

/**
 * Parse an expression and refuse anything outside the calculator's language before it runs:
 * assignments, function definitions, several statements, property access and indexing, objects,
 * ranges, strings, unknown names and calls to functions outside the allowlist.
 */
export function parseChecked(calculator: Calculator, expression: string): MathNode {
  checkText(expression);
  let tree: MathNode;
  try {
    tree = calculator.parse(expression);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new ExpressionError("The expression is nested too deeply to parse; simplify it.");
    }
    const char = (error as { char?: unknown }).char;
    const message =
      error instanceof Error ? error.message.replace(/\s*\(char \d+\)\s*$/, "") : "Cannot parse the expression";
    // mathjs counts characters from 1 (SyntaxError.char).
    throw new ExpressionError(message, typeof char === "number" ? Math.max(char - 1, 0) : undefined);
  }
  checkTree(calculator.math, tree, expression);
  return tree;
}

/** Checks on the raw text, before the recursive-descent parser sees it. */
function checkText(expression: string): void {
  if (expression.trim() === "")
    throw new ExpressionError('The expression is empty: pass something to calculate, e.g. "2 * (3 + 4)".');
  if (expression.length > CALC_LIMITS.expressionChars) {
    throw new ExpressionError(
      `The expression is longer than ${formatCount(CALC_LIMITS.expressionChars)} characters; split the calculation into steps.`,
      CALC_LIMITS.expressionChars,
    );
  }
  let depth = 0;
  for (let index = 0; index < expression.length; index++) {
    const char = expression[index];
    if (char === "(" || char === "[" || char === "{") depth++;
    else if (char === ")" || char === "]" || char === "}") depth = Math.max(depth - 1, 0);
    if (depth > CALC_LIMITS.nestingDepth) {
      throw new ExpressionError(
        `Brackets are nested more than ${CALC_LIMITS.nestingDepth} levels deep here; simplify the expression.`,
        index,
      );
    }
  }
}

function checkTree(math: MathJsInstance, tree: MathNode, expression: string): void {
  let nodes = 0;
  tree.traverse((node, path, parent) => {
    nodes++;
    if (nodes > CALC_LIMITS.nodes) {
      throw new ExpressionError(
        `The expression has more than ${CALC_LIMITS.nodes} parts (numbers, names and operators); split it into steps.`,
      );
    }
    switch (node.type) {
      case "ConstantNode": {
        const value = (node as MathNode & { value: unknown }).value;
        if (typeof value === "string") {
          throw new ExpressionError(
            "Quoted text is not supported; write units without quotes, e.g. 5 cm to inch.",
            expression.search(/["']/),
          );
        }
        return;
      }
      case "SymbolNode": {
        const name = (node as MathNode & { name: string }).name;
        if (parent && math.isFunctionNode(parent) && path === "fn") return; // checked with the call
        if (!isValueName(math, name)) {
          throw new ExpressionError(
            `"${name}" is not a known unit or constant. Variables are not supported: write numbers directly.`,
            wordPosition(expression, name),
          );
        }
        return;
      }
      case "FunctionNode": {
        const fn = (node as MathNode & { fn: MathNode }).fn;
        if (!math.isSymbolNode(fn))
          throw new ExpressionError("Only named functions can be called, e.g. sqrt(2).", expression.indexOf("("));
        if (!CALLABLE_FUNCTIONS.has(fn.name)) {
          throw new ExpressionError(
            `"${fn.name}" is not a function this calculator offers.`,
            wordPosition(expression, fn.name),
          );
        }
        return;
      }
      case "OperatorNode": {
        const fn = (node as MathNode & { fn: string }).fn;
        if (!OPERATOR_FUNCTIONS.has(fn)) throw new ExpressionError(`The operator for ${fn} is not supported.`);
        return;
      }
      case "ParenthesisNode":
      case "ArrayNode":
      case "ConditionalNode":
      case "RelationalNode":
        return;
      case "AssignmentNode":
      case "FunctionAssignmentNode":
        throw new ExpressionError(
          "Assignments and function definitions (x = …, f(x) = …) are not supported: write the values directly.",
          firstMatch(expression, /(?<![=!<>])=(?!=)/),
        );
      case "BlockNode":
        throw new ExpressionError(
          "Give one expression per call, without ';' or line breaks between expressions.",
          firstMatch(expression, /[;\n]/),
        );
      case "AccessorNode":
      case "IndexNode":
        throw new ExpressionError(
          "Property access and indexing (a.b, a[1]) are not supported.",
          firstMatch(expression, /\.(?=\s*[A-Za-z_$])|(?<=[\w)\]]\s*)\[/),
        );
      case "ObjectNode":
        throw new ExpressionError("Objects ({…}) are not supported.", expression.indexOf("{"));
      case "RangeNode":
        throw new ExpressionError(
          "Ranges (1:10) are not supported; list the values in an array instead, e.g. [1, 2, 3].",
          expression.indexOf(":"),
        );
      default:
        throw new ExpressionError(`This kind of expression (${node.type}) is not supported.`);
    }
  });
}

/** A name an expression may use as a value: a unit (cm, degF, km/h's parts) or a numeric constant (pi, speedOfLight). */
function isValueName(math: MathJsInstance, name: string): boolean {
  if (math.Unit.isValuelessUnit(name)) return true;
  // Own properties only: `constructor`, `toString` and friends live on the prototype.
  if (!Object.hasOwn(math, name) || CALLABLE_FUNCTIONS.has(name)) return false;
  return isPlainValue(math, (math as unknown as Record<string, unknown>)[name]);
}

/** A number, boolean, BigNumber, Fraction, Complex or Unit: what a constant name may stand for. */
export function isPlainValue(math: MathJsInstance, value: unknown): boolean {
  return (
    typeof value === "number" ||
    typeof value === "boolean" ||
    math.isBigNumber(value) ||
    math.isFraction(value) ||
    math.isComplex(value) ||
    math.isUnit(value)
  );
}

/** Rewrite calls and operators that can run long (`^`, `!`, factorial…) to their checked versions (engine.ts). */
export function withGuards(math: MathJsInstance, tree: MathNode): MathNode {
  return tree.transform((node) => {
    const name = math.isOperatorNode(node)
      ? node.fn
      : math.isFunctionNode(node) && math.isSymbolNode(node.fn)
        ? node.fn.name
        : undefined;
    const guarded = name === undefined ? undefined : GUARDED[name];
    if (guarded === undefined) return node;
    // transform() does not descend into a replaced node, so its arguments are rewritten here.
    const args = (node as MathNode & { args: MathNode[] }).args.map((arg) => withGuards(math, arg));
    return new math.FunctionNode(new math.SymbolNode(guarded), args);
  });
}

function wordPosition(expression: string, word: string): number | undefined {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return firstMatch(expression, new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`));
}

function firstMatch(expression: string, pattern: RegExp): number | undefined {
  const index = expression.search(pattern);
  return index >= 0 ? index : undefined;
}
