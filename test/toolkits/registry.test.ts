import { describe, expect, it } from "vitest";
import { toolkitScopes } from "../../src/mcp/installed-toolkits";
import { toolkits } from "../../src/toolkits";
import { INITIALIZE, postMcp, rpcMessages, signIn } from "../helpers/worker";

describe("toolkit registry", () => {
  it("gives Claude one line of guidance per toolkit, short enough to read every time", async () => {
    const token = (await signIn()).tokens.access_token;
    const [reply] = await rpcMessages(await postMcp(token, INITIALIZE));
    const instructions: string = reply?.result.instructions;
    expect(instructions.split("\n")[0]).toBe("Outpost connects Claude to the user's own tools and data.");
    for (const toolkit of toolkits) {
      expect(toolkit.guidance, toolkit.name).toBeTruthy();
      expect(instructions).toContain(`\n- ${toolkit.guidance}`);
    }
    expect(instructions.split("\n")).toHaveLength(toolkits.length + 1);
    expect(instructions.length).toBeLessThanOrEqual(2_000);
  });

  it("lets toolkits share scopes but never declares one twice with different sentences", () => {
    const sentences = new Map<string, string>();
    for (const toolkit of toolkits) {
      for (const [scope, sentence] of Object.entries(toolkit.scopes)) {
        expect(sentences.get(scope) ?? sentence, scope).toBe(sentence);
        sentences.set(scope, sentence);
      }
    }
    // Written out: a scope appearing or vanishing changes what every user consents to.
    const expected = [
      "calc:use",
      "notify:manage",
      "notify:read",
      "notify:send",
      "session:read",
      "session:write",
      "weather:read",
      "workspace:read",
      "workspace:write",
    ];
    expect([...sentences.keys()].sort()).toEqual(expected);
    expect(Object.keys(toolkitScopes(toolkits)).sort()).toEqual(expected);
  });
});
