/**
 * What an expression may call. Anything not named here is refused before evaluation, so functions
 * that parse or evaluate code (evaluate, parse, compile, simplify…), change the instance (import,
 * createUnit, config), build large matrices (zeros, ones, range…) or loop for a long time
 * (isPrime, eigs…) are unreachable whatever the expression says.
 */
export const CALLABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  // arithmetic
  "abs", "add", "cbrt", "ceil", "cube", "divide", "exp", "expm1", "fix", "floor", "gcd", "hypot", "lcm", "log",
  "log10", "log1p", "log2", "mod", "multiply", "nthRoot", "pow", "round", "sign", "sqrt", "square", "subtract",
  "unaryMinus", "unaryPlus",
  // trigonometry
  "sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos", "atan", "atan2", "asec", "acsc", "acot",
  "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
  // statistics and combinatorics (guarded where they loop)
  "max", "min", "mean", "median", "sum", "prod", "std", "variance", "factorial", "gamma", "combinations", "permutations",
  // complex numbers
  "re", "im", "arg", "conj",
  // conversions between number types and units
  "number", "bignumber", "fraction", "to",
  // small matrices written inline
  "det", "inv", "transpose", "dot", "cross", "trace", "norm",
  // comparison and logic, as functions
  "compare", "equal", "unequal", "larger", "largerEq", "smaller", "smallerEq", "and", "or", "xor", "not",
]);

/**
 * The functions operators compile to (`a + b` → add, `5!` → factorial, `x to cm` → to, `A'` →
 * transpose). The parser only produces these, but the check is cheap and keeps the list explicit.
 */
export const OPERATOR_FUNCTIONS: ReadonlySet<string> = new Set([
  "add", "subtract", "multiply", "divide", "pow", "mod", "unaryMinus", "unaryPlus", "factorial", "to", "transpose",
  "dotMultiply", "dotDivide", "dotPow", "larger", "largerEq", "smaller", "smallerEq", "equal", "unequal",
  "and", "or", "xor", "not", "bitAnd", "bitOr", "bitXor", "bitNot", "leftShift", "rightArithShift", "rightLogShift",
]);

/**
 * Functions replaced on every instance with one that throws, following the lockdown the mathjs
 * documentation recommends ("Security"): a second line of defence behind CALLABLE_FUNCTIONS.
 * `config` and `typed` stay: mathjs builds functions lazily through them, and replacing them breaks
 * evaluation; the allowlist already keeps expressions from calling them.
 */
export const DISABLED_FUNCTIONS = [
  "import", "createUnit", "evaluate", "parse", "compile", "simplify", "simplifyConstant", "simplifyCore",
  "derivative", "resolve", "reviver", "rationalize", "parser", "chain",
] as const;
