import { defineToolkit } from "../../mcp/define";
import { calculatorEvaluate } from "./evaluate";
import { calculatorScopes } from "./scopes";

/** Exact, bounded evaluation of math expressions and unit conversions with mathjs. */
export const calculatorToolkit = defineToolkit({
  name: "calculator",
  title: "Calculator",
  scopes: calculatorScopes,
  tools: [calculatorEvaluate],
});
