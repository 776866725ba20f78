import { defineToolkit } from "../../mcp/define";
import { calculateTool } from "./calculate-tool";
import { calculatorScopes } from "./scopes";

/** Exact, bounded evaluation of math expressions and unit conversions with mathjs. */
export const calculatorToolkit = defineToolkit({
  name: "calculator",
  // `calculate` is the tool's name in the MCP guide's example and reads naturally to Claude.
  toolPrefix: "calc",
  title: "Calculator",
  guidance:
    "calculate evaluates arithmetic, unit conversions and exact fractions: use it instead of computing by hand.",
  scopes: calculatorScopes,
  tools: [calculateTool],
});
