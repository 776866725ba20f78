/**
 * The calculator's scope. Not `:read`: the calculator reads none of the user's data, and the
 * consent page should not suggest it does. The tool is read-only all the same (it changes nothing).
 */
export const CALC_USE = "calc:use";

export const calculatorScopes = {
  [CALC_USE]: "Evaluate math expressions and unit conversions (nothing is read from or saved to your data)",
};
