/**
 * Bounds on what one expression may cost. Evaluation is synchronous and cannot be interrupted, so
 * every way an expression could run long or allocate a lot is capped before or during evaluation.
 */
export const CALC_LIMITS = {
  /** Characters in the expression. */
  expressionChars: 1_000,
  /** Nesting of ( [ {: the parser is recursive, and deep nesting would exhaust the stack. */
  nestingDepth: 32,
  /** Nodes in the parsed tree (numbers, names, operators, calls). */
  nodes: 300,
  /** Largest n for factorial and gamma, and loop count for combinations and permutations. */
  factorialMax: 10_000,
  /** Largest estimated size, in bits, of an exact (fraction) power such as 3^5000. */
  fractionPowerBits: 100_000,
  /** Characters in the formatted result. */
  resultChars: 2_000,
} as const;
