import { describe, expect, it } from "vitest";
import { checkImports, importSpecifiers, mermaid, resolveImport, unitOf } from "./layers";

// Bundled by Vite at build time, so this runs inside workerd like every other runtime test.
const sources = import.meta.glob(["../../src/**/*.ts", "../../src/**/*.tsx"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;
const architectureDoc = Object.values(
  import.meta.glob("../../docs/architecture.md", { query: "?raw", import: "default", eager: true }),
)[0] as string;
const bySrcPath = Object.fromEntries(
  Object.entries(sources).map(([path, text]) => [path.replace(/^(\.\.\/)+/, ""), text]),
);

describe("import direction", () => {
  const graph = checkImports(bySrcPath);

  it("reads the whole tree", () => {
    expect(Object.keys(bySrcPath).length).toBeGreaterThan(150);
    expect(bySrcPath["src/index.ts"]).toContain("export default");
  });

  it("places every source file in a layer", () => {
    expect(graph.unclassified).toEqual([]);
  });

  it("has no import against the direction of the layers", () => {
    expect(graph.violations.map((v) => `${v.from} -> ${v.to}: ${v.why}`)).toEqual([]);
  });

  it("keeps docs/architecture.md's picture of the layers in step with the code", () => {
    const picture = mermaid(graph.edges);
    // On failure: paste the block printed below over the one in docs/architecture.md.
    expect(architectureDoc.includes(picture), `docs/architecture.md should contain:\n${picture}`).toBe(true);
  });
});

describe("the checker itself", () => {
  const files = new Set([
    "src/lib/a.ts",
    "src/mcp/define.ts",
    "src/mcp/agent.ts",
    "src/toolkits/x/t.ts",
    "src/toolkits/y/index.ts",
    "src/worker/w.tsx",
  ]);

  it("finds static, type-only, re-exported and dynamic imports", () => {
    const source =
      'import type { A } from "./a";\nimport { b } from "../b";\nexport { c } from "./c";\nconst d = await import("./d");\nimport "./e";\nimport { z } from "zod";';
    expect(importSpecifiers(source)).toEqual(["./a", "../b", "./c", "./d", "./e"]);
  });

  it("resolves extension-less and folder imports", () => {
    expect(resolveImport("src/toolkits/x/t.ts", "../y", files)).toBe("src/toolkits/y/index.ts");
    expect(resolveImport("src/mcp/agent.ts", "../worker/w", files)).toBe("src/worker/w.tsx");
  });

  it("refuses upward, sideways and cross-toolkit imports, and allows downward ones", () => {
    const check = (from: string, to: string) =>
      checkImports({
        [from]: `import { x } from "${to}";`,
        "src/lib/a.ts": "",
        "src/mcp/agent.ts": "",
        "src/mcp/define.ts": "",
        "src/worker/w.tsx": "",
        "src/toolkits/y/index.ts": "",
        "src/workspace/s.ts": "",
        "src/notify/n.ts": "",
      }).violations.length;
    expect(check("src/toolkits/x/t.ts", "../../mcp/agent")).toBe(1);
    expect(check("src/toolkits/x/t.ts", "../../mcp/define")).toBe(0);
    expect(check("src/toolkits/x/t.ts", "../y")).toBe(1);
    expect(check("src/lib/b.ts", "../mcp/define")).toBe(1);
    expect(check("src/workspace/t.ts", "../notify/n")).toBe(1);
    expect(check("src/mcp/x.ts", "../worker/w")).toBe(1);
    expect(check("src/worker/x.ts", "../mcp/agent")).toBe(0);
    expect(unitOf("src/mcp/define.ts")?.unit).toBe("toolkit contract");
    expect(unitOf("src/toolkits/x/t.ts")?.unit).toBe("src/toolkits/x/");
  });
});
