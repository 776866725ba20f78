import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readConfig } from "../../src/config";
import { catalogOf } from "../../src/mcp/catalog";
import {
  binding,
  defineToolkit,
  type EnvName,
  type ToolContext,
  type ToolDefinition,
  type Toolkit,
  type ToolkitEnv,
} from "../../src/mcp/define";
import { runTool } from "../../src/mcp/run-tool";
import type { CallToolResult } from "../../src/mcp/wire";
import { toolkits } from "../../src/toolkits";
import { importSpecifiers, resolveImport } from "../architecture/layers";
import { memoryUserContext } from "./memory-session-store";

/**
 * Least privilege for toolkits (src/mcp/toolkit-env.ts): every definition a toolkit registers sees
 * in `ctx.env` exactly the names its toolkit declares in `bindings`, and a toolkit declares only
 * names its code reads.
 */

// Bundled by Vite at build time, like test/architecture/imports.test.ts.
const sources = Object.fromEntries(
  Object.entries(
    import.meta.glob(["../../src/**/*.ts", "../../src/**/*.tsx"], { query: "?raw", import: "default", eager: true }),
  ).map(([path, text]) => [path.replace(/^(\.\.\/)+/, ""), text as string]),
);
const files = new Set(Object.keys(sources));

/** The context a registrar builds for a request: the whole Env (a `props` getter, as the session's). */
function requestContext(scopes: string[] = []): ToolContext {
  return {
    get props() {
      return { userId: "u1", displayName: "T", identity: "t", clientId: "c", clientName: "C", scopes };
    },
    ...memoryUserContext(),
    env,
    config: readConfig(env),
    signal: new AbortController().signal,
    progress: async () => {},
    log: async () => {},
  };
}

/** The toolkit with every function that takes a context replaced by one that records the context's env. */
function probe(toolkit: Toolkit, seen: { where: string; env: ToolkitEnv }[]): Toolkit {
  const recorded = <T>(where: string, ctx: ToolContext, value: T): T => {
    seen.push({ where, env: ctx.env });
    return value;
  };
  const completers = (where: string, complete: Record<string, unknown> | undefined) =>
    complete &&
    Object.fromEntries(
      Object.keys(complete).map((name) => [
        name,
        (_value: string, ctx: ToolContext) => recorded(`${where}#${name}`, ctx, []),
      ]),
    );
  return {
    ...toolkit,
    tools: toolkit.tools.map((tool) => ({
      ...tool,
      handler: (_args: unknown, ctx: ToolContext) => recorded(tool.name, ctx, { text: "" }),
      ...(tool.confirm && {
        confirm: (_args: unknown, ctx: ToolContext) => recorded(`${tool.name} confirm`, ctx, undefined),
      }),
    })),
    resources: toolkit.resources?.map((resource) => ({
      ...resource,
      read: (_uri: URL, ctx: ToolContext) => recorded(resource.uri, ctx, { contents: [] }),
    })),
    resourceTemplates: toolkit.resourceTemplates?.map((template) => ({
      ...template,
      read: (_uri: URL, _variables: Record<string, string>, ctx: ToolContext) =>
        recorded(template.uriTemplate, ctx, { contents: [] }),
      ...(template.list && {
        list: (ctx: ToolContext) => recorded(`${template.uriTemplate} list`, ctx, { resources: [] }),
      }),
      complete: completers(template.uriTemplate, template.complete),
    })),
    prompts: toolkit.prompts?.map((prompt) => ({
      ...prompt,
      get: (_args: unknown, ctx: ToolContext) => recorded(prompt.name, ctx, { messages: [] }),
      complete: completers(prompt.name, prompt.complete),
    })),
  };
}

/** Call every context-taking function of every definition in the catalog built from `toolkit`; returns how many. */
async function exercise(toolkit: Toolkit): Promise<number> {
  const catalog = catalogOf([toolkit]);
  const ctx = requestContext();
  const url = new URL("x://y");
  const calls: (() => unknown)[] = [];
  const asked = { arguments: {} };
  for (const tool of catalog.tools) {
    calls.push(() => tool.handler({}, ctx));
    if (tool.confirm) calls.push(() => tool.confirm?.({}, ctx));
  }
  for (const resource of catalog.resources.filter((entry) => !entry.uri.startsWith("ui://"))) {
    calls.push(() => resource.read(url, ctx));
  }
  for (const template of catalog.templates) {
    calls.push(() => template.read(url, {}, ctx));
    if (template.list) calls.push(() => template.list?.(ctx, undefined));
    for (const complete of Object.values(template.complete ?? {})) calls.push(() => complete("", ctx, asked));
  }
  for (const prompt of catalog.prompts) {
    calls.push(() => prompt.get({}, ctx));
    for (const complete of Object.values(prompt.complete ?? {})) calls.push(() => complete?.("", ctx, asked));
  }
  for (const call of calls) await call();
  return calls.length;
}

describe("what a toolkit's definitions see of Env", () => {
  it.each(toolkits.map((toolkit) => [toolkit.name, toolkit] as const))(
    "%s: every handler, confirm, read, list, get and completer sees exactly the declared names",
    async (_name, toolkit) => {
      const seen: { where: string; env: ToolkitEnv }[] = [];
      const calls = await exercise(probe(toolkit, seen));
      expect(seen.length).toBe(calls);
      const declared = [...(toolkit.bindings ?? [])].sort();
      for (const { where, env: scoped } of seen) {
        expect(Object.keys(scoped).sort(), where).toEqual(declared);
        expect(Object.isFrozen(scoped), where).toBe(true);
        for (const name of declared) expect(scoped[name], `${where}: ${name}`).toBe(env[name]);
        expect(scoped.OWNER_PASSPHRASE, where).toBeUndefined();
        expect(scoped.OAUTH_KV, where).toBeUndefined();
      }
    },
  );

  it("builds the picked env once per request context, not once per call", async () => {
    const seen: { where: string; env: ToolkitEnv }[] = [];
    const notify = toolkits.find((toolkit) => toolkit.name === "notify") as Toolkit;
    await exercise(probe(notify, seen));
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen.map(({ env: scoped }) => scoped)).size).toBe(1);
  });
});

describe("the connector's config resource, served through the catalog", () => {
  it("reads every setting it describes from its declared env (none falls back to a default)", async () => {
    const template = catalogOf(toolkits).templates.find(
      (entry) => entry.uriTemplate === "config://connector/{section}",
    );
    if (!template) throw new Error("config://connector/{section} is not registered");
    const settings = {
      SIGN_IN_METHODS: "github, passphrase",
      WORKSPACE_FILE_MAX_BYTES: "2000000",
      WORKSPACE_QUOTA_BYTES: "50000000",
      WEATHER_TIMEOUT_MS: "4321",
      NOTIFY_RATE_PER_HOUR: "7",
    };
    const ctx = { ...requestContext(), env: { ...env, ...settings } };
    const section = async (name: string) => {
      const read = await template.read(new URL(`config://connector/${name}`), { section: name }, ctx);
      const [content] = read.contents;
      return JSON.parse(content && "text" in content ? content.text : "{}");
    };
    expect((await section("auth")).signInMethods).toEqual(["github", "passphrase"]);
    expect((await section("limits")).toolkits).toEqual({
      workspaceFileMaxBytes: 2_000_000,
      workspaceQuotaBytes: 50_000_000,
      weatherTimeoutMs: 4321,
      notifyRatePerHour: 7,
    });
  });
});

describe("an undeclared binding at run time", () => {
  const annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  const look: ToolDefinition = {
    name: "probe_look",
    title: "Look",
    description: "Reports which bindings its context holds.",
    scope: "probe:use",
    annotations,
    input: z.object({}),
    handler: (_args, ctx) => ({
      text: JSON.stringify({
        outbox: ctx.env.OUTBOX !== undefined,
        workspace: ctx.env.WORKSPACE !== undefined,
        passphrase: ctx.env.OWNER_PASSPHRASE !== undefined,
        user: ctx.props.userId,
        config: ctx.config.maxRequestBytes > 0,
      }),
    }),
  };
  const reach: ToolDefinition = {
    ...look,
    name: "probe_reach",
    description: "Reads a binding its toolkit did not declare.",
    handler: (_args, ctx) => ({ text: String(binding(ctx.env, "WORKSPACE")) }),
  };
  /** The tool as the catalog serves it, in a toolkit that declares OUTBOX only. */
  function catalogued(tool: ToolDefinition): ToolDefinition {
    const probes = defineToolkit({
      name: "probe",
      title: "Probe",
      scopes: { "probe:use": "Probe." },
      bindings: ["OUTBOX"],
      tools: [tool],
    });
    const [served] = catalogOf([probes]).tools;
    if (!served) throw new Error("the catalog lost the tool");
    return served;
  }
  const run = (tool: ToolDefinition) =>
    runTool(catalogued(tool), {}, requestContext(["probe:use"])) as Promise<CallToolResult>;

  it("is undefined in the handler's env, while the declared one, props and settings are there", async () => {
    const ctx = requestContext(["probe:use"]);
    expect(ctx.env.WORKSPACE).toBeDefined(); // the registrar's context holds it…
    const result = await run(look);
    expect(result.isError).toBeFalsy();
    const text = result.content[0]?.type === "text" ? result.content[0].text : "";
    // …the handler does not.
    expect(JSON.parse(text)).toEqual({ outbox: true, workspace: false, passphrase: false, user: "u1", config: true });
  });

  it("fails the call with a reference, not a crash, when a handler asks for it by name", async () => {
    const result = await run(reach);
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({ type: "text", text: expect.stringContaining("failed unexpectedly") });
  });

  it("keeps the request's props live through the scoped context (re-authorization changes them)", async () => {
    let scopes = ["probe:use"];
    const base = requestContext();
    const ctx = Object.defineProperty({ ...base }, "props", {
      get: () => ({ ...base.props, scopes }),
      enumerable: true,
    }) as ToolContext;
    const seen: string[][] = [];
    const watcher = catalogued({
      ...look,
      handler: (_args, served) => {
        seen.push([...served.props.scopes]);
        return { text: "" };
      },
    });
    await watcher.handler({}, ctx);
    scopes = ["probe:use", "other:use"];
    await watcher.handler({}, ctx);
    expect(seen).toEqual([["probe:use"], ["probe:use", "other:use"]]);
  });
});

describe("what a toolkit declares", () => {
  /** A toolkit's folder: the one whose index.ts names it. */
  const folderOf = (toolkit: Toolkit) =>
    Object.keys(sources)
      .filter((path) => /^src\/toolkits\/[^/]+\/index\.ts$/.test(path))
      .find((path) => sources[path]?.includes(`name: "${toolkit.name}"`))
      ?.replace(/index\.ts$/, "");

  /** The toolkit's own files and every file of src they import, followed to the end. */
  function reachable(roots: string[]): Set<string> {
    const seen = new Set<string>();
    const queue = [...roots];
    while (queue.length > 0) {
      const path = queue.pop() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      for (const specifier of importSpecifiers(sources[path] ?? "")) {
        const target = resolveImport(path, specifier, files);
        if (target && !seen.has(target)) queue.push(target);
      }
    }
    return seen;
  }

  /** The declarations themselves say nothing about use: they are cut before searching. */
  const withoutDeclarations = (text: string) =>
    text.replace(/\bbindings:\s*\[[^\]]*\]|\b[A-Z_]*BINDINGS\s*=\s*\[[^\]]*\]/g, "");

  it.each(toolkits.map((toolkit) => [toolkit.name, toolkit] as const))(
    "%s declares only names its code reads (no unused binding, setting or secret)",
    (_name, toolkit) => {
      const folder = folderOf(toolkit);
      expect(folder, toolkit.name).toBeDefined();
      const roots = Object.keys(sources).filter((path) => path.startsWith(folder as string));
      // The composition point hands the connector its deployment description (src/toolkits/index.ts).
      if (toolkit.name === "connector") roots.push("src/toolkits/deployment-description.ts");
      const text = [...reachable(roots)].map((path) => withoutDeclarations(sources[path] ?? "")).join("\n");
      for (const name of toolkit.bindings ?? []) {
        expect(new RegExp(`\\b${name}\\b`).test(text), `${toolkit.name} declares ${name} but never reads it`).toBe(
          true,
        );
      }
    },
  );

  it("names only members of Env", () => {
    for (const toolkit of toolkits) {
      for (const name of toolkit.bindings ?? []) expect(name in env, `${toolkit.name}: ${name}`).toBe(true);
    }
  });

  it("the search finds nothing for a name no code reads", () => {
    const unused: EnvName = "CONSENT_COOKIE_SECRET";
    const notify = toolkits.find((toolkit) => toolkit.name === "notify") as Toolkit;
    const roots = Object.keys(sources).filter((path) => path.startsWith(folderOf(notify) as string));
    const text = [...reachable(roots)].map((path) => withoutDeclarations(sources[path] ?? "")).join("\n");
    expect(text).not.toMatch(new RegExp(`\\b${unused}\\b`));
    expect(withoutDeclarations('bindings: ["OUTBOX"], x')).toBe(", x");
  });
});
