/**
 * The deploy paths agree with each other and with the code: the GitHub Actions workflow calls only
 * npm scripts that exist and uses only documented repository secrets; the secrets list in
 * scripts/secrets.mjs is exactly what the worker declares and reads, and exactly what the README's
 * table, .dev.vars.example (the Deploy button's prompts) and package.json's binding descriptions name.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GENERATED_SECRETS, SECRETS } from "../../scripts/secrets.mjs";
import { readWranglerToml } from "../../scripts/wrangler-cli.mjs";
import { REPO_ROOT } from "./harness";

const read = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");
const packageJson = JSON.parse(read("package.json")) as {
  scripts: Record<string, string>;
  cloudflare?: { bindings?: Record<string, { description?: string }> };
};
const readme = read("README.md");
const wranglerToml = read("wrangler.toml");
const secretNames = SECRETS.map((secret) => secret.name);

/** The README section under a heading, up to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const level = heading.split(" ")[0] ?? "##";
  const rest = markdown.slice(start + heading.length);
  const next = rest.search(new RegExp(`\\n#{2,${level.length}} `));
  return next < 0 ? rest : rest.slice(0, next);
}

/** First-column names (`NAME`) of the Markdown table rows in a piece of text. */
const tableNames = (text: string) => [...text.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1]);

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  if?: string;
}
interface Workflow {
  on: { push?: { branches?: string[] } };
  jobs: Record<string, { needs?: string | string[]; steps: Step[]; environment?: string }>;
}

describe("the GitHub Actions deploy workflow", () => {
  const text = read(".github/workflows/deploy.yml");
  const workflow = parse(text) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const runs = steps.flatMap((step) => (step.run ? [step.run] : []));

  it("deploys on push to main, only after the tests pass", () => {
    expect(workflow.on.push?.branches).toEqual(["main"]);
    const deploy = workflow.jobs.deploy;
    expect(deploy).toBeDefined();
    expect([deploy?.needs].flat()).toContain("test");
    expect(workflow.jobs.test?.steps.map((step) => step.run)).toContain("npm test");
    expect(deploy?.steps.map((step) => step.run)).toContain("npm run deploy");
  });

  it("calls only npm scripts that exist (--if-present ones may be absent)", () => {
    const called = runs.flatMap((run) =>
      [...run.matchAll(/\bnpm run( --if-present)? ([\w:-]+)/g)].map((match) => ({
        script: match[2] ?? "",
        optional: Boolean(match[1]),
      })),
    );
    expect(called.map((call) => call.script)).toEqual(expect.arrayContaining(["deploy"]));
    const missing = called
      .filter((call) => !call.optional && !(call.script in packageJson.scripts))
      .map((call) => call.script);
    expect(missing).toEqual([]);
    if (runs.some((run) => /\bnpm test\b/.test(run))) expect(packageJson.scripts.test).toBeDefined();
  });

  it("uses only secrets and variables the README documents, and never inside a script", () => {
    const used = [...text.matchAll(/\$\{\{\s*(secrets|vars)\.([A-Z_][A-Z0-9_]*)\s*\}\}/g)].map((match) => match[2]);
    expect(new Set(used)).toEqual(
      new Set(["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "OUTPOST_URL", "OUTPOST_PASSPHRASE"]),
    );
    const documented = tableNames(section(readme, "### GitHub Actions"));
    for (const name of used) expect(documented, `${name} in the README's GitHub Actions table`).toContain(name);
    // Values reach scripts through env: an expression inside `run:` would be pasted into the shell.
    expect(runs.filter((run) => run.includes("${{"))).toEqual([]);
    const deployStep = workflow.jobs.deploy?.steps.find((step) => step.run === "npm run deploy");
    expect(deployStep?.env).toEqual({
      CLOUDFLARE_API_TOKEN: "${{ secrets.CLOUDFLARE_API_TOKEN }}",
      CLOUDFLARE_ACCOUNT_ID: "${{ secrets.CLOUDFLARE_ACCOUNT_ID }}",
    });
  });

  it("records the doctor's run on the status page only when the passphrase secret is set", () => {
    const doctor = workflow.jobs.deploy?.steps.find((step) => step.run?.includes("doctor"));
    expect(doctor?.env?.OUTPOST_PASSPHRASE).toBe("${{ secrets.OUTPOST_PASSPHRASE }}");
    expect(doctor?.run).toContain("${OUTPOST_PASSPHRASE:+--report}");
  });
});

describe("one list of secrets", () => {
  /** Names in the Env interfaces: the generated one (wrangler types) and src/env.d.ts. */
  function declaredEnvNames(): string[] {
    const generated = /interface __BaseEnv_Env \{([^}]*)\}/.exec(read("worker-configuration.d.ts"))?.[1] ?? "";
    const runtime = /interface OutpostRuntimeBindings \{([^}]*)\}/.exec(read("src/env.d.ts"))?.[1] ?? "";
    return [...`${generated}\n${runtime}`.matchAll(/^\s*([A-Z][A-Z0-9_]*)\??:/gm)].map((match) => match[1] ?? "");
  }

  it("is exactly the secrets the worker declares: its Env minus [vars] and bindings", () => {
    const varsTable = /^\[vars\]\n([\s\S]*?)^\[/m.exec(wranglerToml)?.[1] ?? "";
    const vars = [...varsTable.matchAll(/^([A-Z][A-Z0-9_]*)\s*=/gm)].map((match) => match[1]);
    const bindings = [...wranglerToml.matchAll(/^(?:binding|name)\s*=\s*"([A-Z][A-Z0-9_]*)"/gm)].map(
      (match) => match[1],
    );
    // Set by the OAuth provider at runtime; the older name of TOOL_OUTPUT_MAX_TOKENS (a variable).
    const notSecrets = new Set(["OAUTH_PROVIDER", "TOOL_OUTPUT_MAX_CHARS", ...vars, ...bindings]);
    expect(vars.length).toBeGreaterThan(10);
    expect(bindings).toEqual(expect.arrayContaining(["OAUTH_KV", "FILES", "METRICS", "MCP_OBJECT"]));
    expect(
      declaredEnvNames()
        .filter((name) => !notSecrets.has(name))
        .sort(),
    ).toEqual([...secretNames].sort());
  });

  it("every one of them is read somewhere in src/", () => {
    const files = (dir: string): string[] =>
      readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? files(join(dir, entry.name))
          : /\.tsx?$/.test(entry.name) && entry.name !== "env.d.ts"
            ? [join(dir, entry.name)]
            : [],
      );
    const code = files("src")
      .map((file) => read(file))
      .join("\n")
      .replace(/^\s*(\/\/|\*).*$/gm, ""); // comments do not read anything
    for (const name of secretNames) expect(code, name).toMatch(new RegExp(`env\\??\\.${name}\\b|"${name}"`));
  });

  it("the README's secrets table names each, in the same order", () => {
    expect(tableNames(section(readme, "### Secrets"))).toEqual(secretNames);
    for (const secret of SECRETS) {
      const row =
        section(readme, "### Secrets")
          .split("\n")
          .find((line) => line.startsWith(`| \`${secret.name}\` |`)) ?? "";
      expect(row, secret.name).toContain(secret.generate ? "| yes |" : "| no |");
    }
  });

  it(".dev.vars.example asks for the generated ones and leaves the others commented out, all empty", () => {
    const example = read(".dev.vars.example");
    const active = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)];
    expect(active.map((match) => match[1])).toEqual(Object.keys(GENERATED_SECRETS));
    // The button pre-fills each value it finds: an example value would be deployed as the secret.
    expect(active.map((match) => match[2])).toEqual(active.map(() => ""));
    const commented = [...example.matchAll(/^# ([A-Z][A-Z0-9_]*)=$/gm)].map((match) => match[1]);
    expect(commented).toEqual(SECRETS.filter((secret) => !secret.generate).map((secret) => secret.name));
  });

  it("package.json describes each generated secret and only real bindings for the button", () => {
    const bindings = packageJson.cloudflare?.bindings ?? {};
    for (const name of Object.keys(GENERATED_SECRETS)) expect(bindings[name]?.description, name).toMatch(/\w{10}/);
    const known = new Set([
      ...secretNames,
      ...[...wranglerToml.matchAll(/^binding\s*=\s*"([A-Z][A-Z0-9_]*)"/gm)].map((match) => match[1]),
    ]);
    expect(Object.keys(bindings).filter((name) => !known.has(name))).toEqual([]);
  });

  it("npm run setup is the script the README and setup's own messages name", () => {
    expect(packageJson.scripts.setup).toBe("node scripts/setup.mjs");
    expect(section(readme, "### From a terminal: `npm run setup`")).toContain(
      "npm run setup -- --rotate OWNER_PASSPHRASE",
    );
  });

  it("setup reads the bucket and the worker name from wrangler.toml", () => {
    const config = readWranglerToml(join(REPO_ROOT, "wrangler.toml"));
    expect(config).toMatchObject({ name: "outpost", buckets: ["outpost-files"], publicUrl: undefined });
  });
});
