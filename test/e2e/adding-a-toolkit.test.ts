/**
 * docs/adding-a-toolkit.md, followed exactly: its code blocks are written into a copy of the project,
 * which must then typecheck and pass the guide's own test, the tool policy test and the tests that pin
 * the advertised scopes. A guide that drifts from the code fails here, not in a forker's first hour.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, NODE, REPO_ROOT } from "./harness";

const run = promisify(execFile);
const GUIDE = join(REPO_ROOT, "docs", "adding-a-toolkit.md");
const COPIED = [
  "src",
  "test",
  "scripts",
  "package.json",
  "tsconfig.json",
  "vitest.config.ts",
  "wrangler.toml",
  "worker-configuration.d.ts",
];

/** Every code block the guide introduces with a bold file path: `**\`path\`**` then a fenced block. */
function guideFiles(markdown: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of markdown.matchAll(/^\*\*`([^`\s]+\/[^`\s]+)`\*\*(?:(?!```)[\s\S])*?```ts\n([\s\S]*?)```/gm)) {
    files.set(match[1] as string, match[2] as string);
  }
  return files;
}

/** The registry edit the guide describes: its import line, and its toolkit appended to the array. */
function addToRegistry(registry: string, snippet: string): string {
  const importLine = snippet.split("\n").find((line) => line.startsWith("import "));
  const entry = /\[sessionToolkit, (\w+)\]/.exec(snippet)?.[1];
  if (!importLine || !entry)
    throw new Error("The guide's src/toolkits/index.ts block no longer shows an import and an array entry.");
  const withImport = registry.replace(/^(import type \{ Toolkit \}[^\n]*\n)/m, `$1${importLine}\n`);
  const withEntry = withImport.replace(/(export const toolkits: readonly Toolkit\[\] = \[\n)/, `$1  ${entry},\n`);
  if (withEntry === registry || withImport === withEntry)
    throw new Error("src/toolkits/index.ts changed shape: update this test and the guide together.");
  return withEntry;
}

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "outpost-guide-"));
  for (const entry of COPIED) await cp(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
  await symlink(join(REPO_ROOT, "node_modules"), join(root, "node_modules"), "dir");
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("docs/adding-a-toolkit.md", () => {
  it("builds a working toolkit from the guide's own code blocks", { timeout: 240_000 }, async () => {
    const files = guideFiles(await readFile(GUIDE, "utf8"));
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([
        "src/toolkits/clock/scopes.ts",
        "src/toolkits/clock/now.ts",
        "src/toolkits/clock/index.ts",
        "src/toolkits/index.ts",
        "test/toolkits/clock.test.ts",
      ]),
    );
    for (const [path, text] of files) {
      const target = join(root, path);
      if (path === "src/toolkits/index.ts") {
        await writeFile(target, addToRegistry(await readFile(target, "utf8"), text));
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    // The child vitest must not think it runs inside this one.
    const env = Object.fromEntries(
      Object.entries(childEnv()).filter(([name]) => !name.startsWith("VITEST")),
    ) as NodeJS.ProcessEnv;
    env.PWD = root;
    const options = { cwd: root, env, maxBuffer: 16 * 1024 * 1024 };
    await run(NODE, [join(root, "node_modules", "typescript", "bin", "tsc"), "--noEmit"], options).catch(
      (error: { stdout?: string }) => {
        throw new Error(`tsc failed on the guide's code:\n${error.stdout ?? String(error)}`);
      },
    );
    const tests = [
      "test/toolkits/clock.test.ts",
      "test/mcp/policy.test.ts",
      "test/auth/challenge.test.ts",
      "test/auth/consent.test.ts",
    ];
    const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
    const result = await run(NODE, [vitest, "run", "--project", "runtime", "--reporter=dot", ...tests], options).catch(
      (error: { stdout?: string; stderr?: string }) => {
        throw new Error(
          `The guide's toolkit fails the suite:\n${error.stdout ?? ""}\n${error.stderr ?? ""}`.slice(-6000),
        );
      },
    );
    expect(result.stdout).toMatch(/Tests\s+.*\d+ passed/);
    expect(result.stdout).not.toMatch(/failed/);
  });
});
