import { readdirSync, readFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkImports, importSpecifiers, mermaid, resolveImport, unitOf } from "./layers";

// Read from disk in Node (the e2e project): a static check needs no workerd, and bundling the whole
// tree into a test worker has crashed that worker under load.
const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const bySrcPath = Object.fromEntries(
  readdirSync(join(REPO_ROOT, "src"), { recursive: true, encoding: "utf8" })
    .filter((path) => /\.tsx?$/.test(path))
    .map((path) => [`src/${path.split(sep).join("/")}`, readFileSync(join(REPO_ROOT, "src", path), "utf8")]),
);
const architectureDoc = readFileSync(join(REPO_ROOT, "docs", "architecture.md"), "utf8");

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
