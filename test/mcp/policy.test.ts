import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ANY_GRANT } from "../../src/mcp/define";
import { toolkits } from "../../src/toolkits";

/**
 * Policy for every registered tool, enforced here instead of in review (Claude's directory rejects
 * tools without titles or annotations; names over 64 characters break Claude's tool namespace).
 */
const tools = toolkits.flatMap((toolkit) => toolkit.tools.map((tool) => ({ toolkit, tool })));

describe("tool policy", () => {
  it("has tools to check", () => {
    expect(tools.length).toBeGreaterThan(0);
  });

  it.each(tools.map(({ toolkit, tool }) => [tool.name, toolkit, tool] as const))(
    "%s follows the policy",
    (_name, toolkit, tool) => {
      expect(tool.name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(tool.name.length).toBeLessThanOrEqual(64);
      expect(
        tool.name.startsWith(toolkit.toolPrefix ?? `${toolkit.name}_`),
        `${tool.name} starts with its toolkit prefix`,
      ).toBe(true);
      expect(tool.title.trim().length).toBeGreaterThan(0);
      expect(tool.description.trim().length).toBeGreaterThan(20);
      expect(tool.description.length).toBeLessThanOrEqual(1000);
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        expect(typeof tool.annotations[hint], `${tool.name}.${hint}`).toBe("boolean");
      }
      if (tool.annotations.readOnlyHint) expect(tool.annotations.destructiveHint).toBe(false);
      expect(Object.keys(toolkit.scopes)).toContain(tool.scope);
      expect(tool.input).toBeInstanceOf(z.ZodObject);
      if (tool.output) expect(tool.output).toBeInstanceOf(z.ZodObject);
    },
  );

  it("uses each name once", () => {
    const names = tools.map(({ tool }) => tool.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("never puts a tool that changes anything under a :read scope", () => {
    for (const { tool } of tools) {
      if (tool.scope.endsWith(":read")) expect(tool.annotations.readOnlyHint, tool.name).toBe(true);
    }
  });

  it("describes every scope for the consent page", () => {
    for (const toolkit of toolkits) {
      for (const [scope, sentence] of Object.entries(toolkit.scopes)) {
        expect(scope).toMatch(/^[a-z]+:[a-z]+$/);
        expect(sentence.length).toBeGreaterThan(10);
      }
    }
  });

  it("gives resources, templates and prompts a declared scope (or ANY_GRANT), a title and a description", () => {
    for (const toolkit of toolkits) {
      for (const item of [
        ...(toolkit.resources ?? []),
        ...(toolkit.resourceTemplates ?? []),
        ...(toolkit.prompts ?? []),
      ]) {
        if (item.scope !== ANY_GRANT) expect(Object.keys(toolkit.scopes)).toContain(item.scope);
        expect(item.title.length).toBeGreaterThan(0);
        expect(item.description.length).toBeGreaterThan(0);
      }
    }
  });
});
