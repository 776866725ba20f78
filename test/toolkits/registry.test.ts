import { describe, expect, it } from "vitest";
import { serverInstructions, toolkitScopes, toolkits } from "../../src/toolkits";
import { INITIALIZE, postMcp, rpcMessages, signIn } from "../helpers/worker";

describe("toolkit registry", () => {
  it("gives Claude one line of guidance per toolkit, short enough to read every time", () => {
    const instructions = serverInstructions();
    for (const toolkit of toolkits) {
      expect(toolkit.guidance, toolkit.name).toBeTruthy();
      expect(instructions).toContain(toolkit.guidance);
    }
    expect(instructions.length).toBeLessThanOrEqual(2_000);
  });

  it("sends the instructions in the initialize result", async () => {
    const token = (await signIn()).tokens.access_token;
    const [reply] = await rpcMessages(await postMcp(token, INITIALIZE));
    expect(reply?.result.instructions).toBe(serverInstructions());
  });

  it("lets toolkits share scopes but never declares one twice with different sentences", () => {
    const sentences = new Map<string, string>();
    for (const toolkit of toolkits) {
      for (const [scope, sentence] of Object.entries(toolkit.scopes)) {
        expect(sentences.get(scope) ?? sentence, scope).toBe(sentence);
        sentences.set(scope, sentence);
      }
    }
    expect(Object.keys(toolkitScopes()).sort()).toEqual([...sentences.keys()].sort());
  });
});
