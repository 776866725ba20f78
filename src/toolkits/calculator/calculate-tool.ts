import { z } from "zod";
import { defineTool, UserError } from "../../mcp/define";
import { calculate } from "./calculate";
import { CALC_MODES, ExpressionError } from "./engine";
import { CALC_LIMITS } from "./limits";
import { CALC_USE } from "./scopes";

export const calculateTool = defineTool({
  name: "calculate",
  title: "Calculate",
  description:
    "Evaluate a math expression exactly as written, instead of doing arithmetic in your head: arithmetic, powers, " +
    "roots, trigonometry, logarithms, statistics (mean, median, std), combinatorics, complex numbers, small inline " +
    'matrices, and units with conversions ("12 inch to cm", "60 mph to km/h", "100 degF to degC"). ' +
    'mode "bignumber" keeps 64 significant digits (2^200 in full); mode "fraction" keeps exact ratios ' +
    "(1/3 + 1/6 = 1/2). One expression per call; no variables or function definitions. Returns the result, its " +
    "unit, a numeric approximation and the expression as it was read (implicit multiplication written out).",
  scope: CALC_USE,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    expression: z
      .string()
      .max(
        CALC_LIMITS.expressionChars,
        `expression is longer than ${CALC_LIMITS.expressionChars} characters: split the calculation into steps`,
      )
      .describe('The expression, e.g. "sqrt(2) * 3^4" or "5.5 km to mile".'),
    mode: z
      .enum(CALC_MODES)
      .optional()
      .describe(
        '"number" (default, 64-bit floating point), "bignumber" (64 significant digits) or "fraction" (exact ratios).',
      ),
  }),
  output: z.object({
    result: z.string().describe("The result as text, with its unit."),
    number: z.number().nullable().describe("Floating-point value of a real result (in its unit), or null."),
    unit: z.string().nullable(),
    type: z.enum(["number", "bignumber", "fraction", "complex", "unit", "matrix", "boolean"]),
    expression: z.string().describe("The expression as it was read."),
    mode: z.enum(CALC_MODES),
  }),
  async handler({ expression, mode }) {
    try {
      const data = await calculate(expression, mode ?? "number");
      return { data, text: `${data.expression} = ${data.result}` };
    } catch (error) {
      if (error instanceof ExpressionError) throw new UserError(explain(expression, error));
      throw error;
    }
  },
});

/** The problem, and where it is: a caret under the expression when the position is known. */
function explain(expression: string, error: ExpressionError): string {
  const message = error.message.replace(/\.?$/, ".");
  const position = error.position;
  if (position === undefined || position < 0 || expression.includes("\n") || expression.length > 200) {
    return `${message}${position !== undefined && position >= 0 ? ` (at character ${position + 1})` : ""} Fix the expression and call calculate again.`;
  }
  return [
    `${message} (at character ${position + 1})`,
    `  ${expression}`,
    `  ${" ".repeat(position)}^`,
    "Fix the expression and call calculate again.",
  ].join("\n");
}
