/**
 * Bench-only worker: what the 2026-07-28 leg spends per request on building its server, timed
 * inside one isolate, beside whole requests through the same handler. Operations take turns in a
 * shuffled order, so load from elsewhere falls on all of them alike. Never deployed; see
 * bench/modern-build/build-cost.mjs.
 */
import { createMcpHandler } from "@modelcontextprotocol/server";
import { readConfig } from "../../src/config";
import { installToolkits } from "../../src/mcp/installed-toolkits";
import { serveModern } from "../../src/mcp/modern/handler";
import { buildModernServer } from "../../src/mcp/modern/register";
import type { SessionProps } from "../../src/mcp/props";
import { toolkits } from "../../src/toolkits";
import { modernMessage } from "../lib/modern.mjs";

// What src/index.ts does when a Worker starts: the handler reads the installed toolkits.
const installed = installToolkits(toolkits);
const { catalog, instructions } = installed;
const scopes = Object.keys(installed.scopes);
const props: SessionProps = {
  userId: "bench-user",
  displayName: "Bench",
  identity: "passphrase",
  clientId: "bench-client",
  clientName: "outpost-bench",
  scopes,
};
const JSON_SCHEMA_TARGET = { target: "draft-2020-12" } as const;

let nextId = 1;

/** One modern request through Outpost's real handler, from a parsed body as the era router hands it over. */
async function serve(
  env: Env,
  method: string,
  params: Record<string, unknown>,
  check: (result: any) => boolean,
): Promise<void> {
  const { parsed, headers } = modernMessage(nextId++, method, params);
  const request = new Request("http://127.0.0.1/mcp", { method: "POST", headers });
  const response = await serveModern({ request, parsedBody: parsed, env, config: readConfig(env), props });
  const reply = (await response.json()) as { result?: unknown; error?: unknown };
  if (response.status !== 200 || !check(reply.result))
    throw new Error(`${method}: HTTP ${response.status} ${JSON.stringify(reply).slice(0, 300)}`);
}

/**
 * zod → JSON Schema for the given tools' input and output schemas, straight from the definitions:
 * what the SDK converted on every request before the registrar cached it (json-schema-cache.ts).
 */
function convertSchemas(tools: typeof catalog.tools): number {
  let properties = 0;
  for (const tool of tools) {
    properties += Object.keys(tool.input["~standard"].jsonSchema.input(JSON_SCHEMA_TARGET).properties ?? {}).length;
    if (tool.output)
      properties += Object.keys(tool.output["~standard"].jsonSchema.output(JSON_SCHEMA_TARGET).properties ?? {}).length;
  }
  return properties;
}

const calculateTool = catalog.tools.filter((tool) => tool.name === "calculate");

/** The server one request builds: the whole grant, or what a `tools/call` of `calledTool` builds. */
const build = (calledTool?: string) =>
  buildModernServer({
    catalog,
    scopes,
    instructions,
    called: { tool: calledTool },
    context: () => {
      throw new Error("not dispatched");
    },
  });

/** The timed operations, each one request's worth of work. */
function operations(env: Env): Record<string, () => unknown> {
  return {
    build: () => build(),
    "build: tools/call": () => build("calculate"),
    handler: () => createMcpHandler(() => undefined as never, { legacy: "reject" }),
    "schemas: calculate": () => convertSchemas(calculateTool),
    "schemas: every tool": () => convertSchemas(catalog.tools),
    "tools/call": () =>
      serve(
        env,
        "tools/call",
        { name: "calculate", arguments: { expression: "2 + 3" } },
        (result) => result?.structuredContent?.result === "5",
      ),
    "tools/list": () => serve(env, "tools/list", {}, (result) => result?.tools?.length === catalog.tools.length),
    "server/discover": () => serve(env, "server/discover", {}, (result) => Array.isArray(result?.supportedVersions)),
  };
}

/**
 * `samples` means per operation, in ms. Each sample repeats its operation until at least
 * `sampleMs` have passed: the clock here moves in whole milliseconds, and garbage left by the
 * operation before (collected during this one) must be a small part of a sample.
 */
async function time(env: Env, samples: number, sampleMs: number): Promise<Record<string, number[]>> {
  const ops = Object.entries(operations(env));
  const results: Record<string, number[]> = Object.fromEntries(ops.map(([name]) => [name, []]));
  // Once each first: the first calculation builds mathjs's instance, the first list warms the SDK's schemas.
  for (const [, op] of ops) await op();
  // A shuffled order per sample (fixed seed): garbage an operation leaves is collected during the
  // next one, and a fixed order would always charge the same neighbour.
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  for (let sample = 0; sample < samples; sample++) {
    const order = [...ops];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const [name, op] of order) {
      const started = performance.now();
      let runs = 0;
      let elapsed = 0;
      do {
        await op();
        runs++;
        elapsed = performance.now() - started;
      } while (elapsed < sampleMs);
      results[name]!.push(elapsed / runs);
    }
  }
  return results;
}

/** Whether the clock moves during pure CPU work here, and how finely (see bench/workspace/worker.ts). */
function clockProbe(): { elapsedMs: number; spins: number } {
  const start = performance.now();
  let x = 0;
  for (let spins = 0; spins < 20_000_000; spins++) x = (x * 31 + spins) % 1_000_003;
  return { elapsedMs: performance.now() - start + (x < 0 ? 1 : 0), spins: 20_000_000 };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ status: "ok", name: "bench-modern-build" });
    if (url.pathname === "/clock") return Response.json(clockProbe());
    if (url.pathname === "/time" && request.method === "POST") {
      const { samples, sampleMs } = (await request.json()) as { samples: number; sampleMs: number };
      try {
        return Response.json({ tools: catalog.tools.length, results: await time(env, samples, sampleMs) });
      } catch (error) {
        return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 500 });
      }
    }
    return Response.json({ error: "not_found" }, { status: 404 });
  },
} satisfies ExportedHandler<Env>;
