import { beforeAll, describe, expect, it } from "vitest";
import { CALC_LIMITS } from "../../../src/toolkits/calculator/limits";
import { callTool, openSession, rpc, signIn, textOf } from "../../helpers/worker";

let token: string;
let session: string;
beforeAll(async () => {
  token = (await signIn({ requestScope: "calc:use", scopes: ["calc:use"] })).tokens.access_token;
  session = await openSession(token);
});

describe("calculate over MCP", () => {
  it("returns the result, its unit and the normalized expression as structured output plus text", async () => {
    const reply = await callTool(token, session, "calculate", { expression: "12 inch to cm" });
    expect(reply.result.isError).toBeFalsy();
    expect(reply.result.structuredContent).toEqual({
      result: "30.48 cm",
      number: 30.48,
      unit: "cm",
      type: "unit",
      expression: "12 * inch to cm",
      mode: "number",
    });
    expect(textOf(reply)).toBe("12 * inch to cm = 30.48 cm");
  });

  it("computes exact fractions and big numbers when asked", async () => {
    const exact = await callTool(token, session, "calculate", { expression: "1/3 + 1/6", mode: "fraction" });
    expect(exact.result.structuredContent).toMatchObject({ result: "1/2", type: "fraction", mode: "fraction" });
    const big = await callTool(token, session, "calculate", { expression: "2^128", mode: "bignumber" });
    expect(big.result.structuredContent.result).toBe("340282366920938463463374607431768211456");
  });

  it("turns a syntax error into an isError result with a caret under the problem", async () => {
    const reply = await callTool(token, session, "calculate", { expression: "12 + * 3" });
    expect(reply.result.isError).toBe(true);
    expect(textOf(reply)).toBe(
      [
        "Value expected. (at character 6)",
        "  12 + * 3",
        "       ^",
        "Fix the expression and call calculate again.",
      ].join("\n"),
    );
  });

  it("refuses a hostile expression as a tool error, and keeps working afterwards", async () => {
    for (const expression of [
      'import({"evaluate": 1}, {override: true})',
      "cos.constructor",
      "f(x) = x",
      "9^9^9^9^9",
    ]) {
      const reply = await callTool(token, session, "calculate", { expression, mode: "fraction" });
      expect(reply.result.isError, expression).toBe(true);
      expect(textOf(reply)).toContain("Fix the expression");
    }
    const after = await callTool(token, session, "calculate", { expression: "evaluate", mode: "number" });
    expect(after.result.isError).toBe(true);
    const still = await callTool(token, session, "calculate", { expression: "2 + 2" });
    expect(still.result.structuredContent.result).toBe("4");
  });

  it("enforces the expression length at its edge", async () => {
    const atLimit = `${"1".repeat(CALC_LIMITS.expressionChars - 2)}+1`;
    const ok = await callTool(token, session, "calculate", { expression: atLimit, mode: "bignumber" });
    expect(ok.result.isError).toBeFalsy();
    const over = await callTool(token, session, "calculate", { expression: `${atLimit}1` });
    expect(over.result.isError).toBe(true);
    expect(textOf(over)).toContain(`longer than ${CALC_LIMITS.expressionChars} characters`);
  });

  it("is listed with the calc:use scope only", async () => {
    const { result } = await rpc(token, session, "tools/list");
    expect(result.tools.map((tool: { name: string }) => tool.name)).toEqual(["calculate"]);
    expect(result.tools[0].annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    expect(result.tools[0].outputSchema.type).toBe("object");

    const other = (await signIn({ requestScope: "session:read", scopes: ["session:read"] })).tokens.access_token;
    const otherSession = await openSession(other);
    const denied = await callTool(other, otherSession, "calculate", { expression: "1 + 1" });
    expect(denied.result.isError).toBe(true);
    expect(textOf(denied)).toContain('"calc:use"');
  });
});
