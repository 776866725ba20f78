/**
 * The MCP Inspector CLI (an independent client, built on the v2 SDK) against a real `wrangler dev`.
 * It cannot complete a browser sign-in headlessly, so the token comes from the same DCR + PKCE +
 * consent + token exchange a client performs, over plain fetch, and goes in as a bearer header.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, inspectorEnv, NODE, REPO_ROOT, startDevServer } from "./harness";
import { signIn } from "./oauth";

const INSPECTOR = join(
  REPO_ROOT,
  "node_modules",
  "@modelcontextprotocol",
  "inspector",
  "clients",
  "launcher",
  "build",
  "index.js",
);
const SESSION_TOOLS = [
  "session_remember",
  "session_recall",
  "session_forget",
  "session_info",
  "session_set_preferences",
];
const CLI_TIMEOUT_MS = 30_000;

let server: DevServer;
let token: string;
/** The CLI keeps a catalog, client config and OAuth state under HOME: give it a throwaway one. */
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "outpost-e2e-inspector-"));
  env = await inspectorEnv(home);
  server = await startDevServer();
  ({
    tokens: { access_token: token },
  } = await signIn(server.url, { passphrase: server.passphrase, clientName: "MCP Inspector CLI" }));
});

afterAll(async () => {
  await server?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `inspector --cli <args>` under the pinned Node; resolves with the exit code instead of throwing. */
function inspector(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      NODE,
      [INSPECTOR, "--cli", ...args],
      { cwd: home, env, timeout: CLI_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function auth(): string[] {
  return ["--header", `Authorization: Bearer ${token}`];
}

/** `--format json` prints one JSON object on stdout: `{ "result": … }`. */
function result(run: CliRun): Record<string, any> {
  expect(run.code, `exit code (stderr: ${run.stderr.slice(0, 1000)})`).toBe(0);
  return JSON.parse(run.stdout.trim()).result;
}

describe("MCP Inspector CLI over Streamable HTTP (/mcp)", () => {
  it("tools/list shows every session tool with a title and annotations", async () => {
    const list = result(
      await inspector([`${server.url}/mcp`, "--method", "tools/list", "--format", "json", ...auth()]),
    );
    const names = list.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual(expect.arrayContaining(SESSION_TOOLS));
    for (const tool of list.tools) {
      expect(tool.title, tool.name).toEqual(expect.any(String));
      expect(Object.keys(tool.annotations ?? {}), tool.name).toEqual(
        expect.arrayContaining(["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]),
      );
    }
  });

  it("tools/call session_info describes the connection", async () => {
    const info = result(
      await inspector([
        `${server.url}/mcp`,
        "--method",
        "tools/call",
        "--tool-name",
        "session_info",
        "--format",
        "json",
        ...auth(),
      ]),
    );
    expect(info.isError).toBeFalsy();
    expect(info.structuredContent).toMatchObject({
      transport: "streamable-http",
      user: "Owner",
      clientName: "MCP Inspector CLI",
      scopes: expect.arrayContaining(["session:read", "session:write"]),
    });
    expect(info.content[0].text).toContain("Signed in as Owner through MCP Inspector CLI");
  });

  it("resources/read session://scratchpad returns Markdown", async () => {
    const read = result(
      await inspector([
        `${server.url}/mcp`,
        "--method",
        "resources/read",
        "--uri",
        "session://scratchpad",
        "--format",
        "json",
        ...auth(),
      ]),
    );
    expect(read.contents[0]).toMatchObject({ uri: "session://scratchpad", mimeType: "text/markdown" });
    expect(read.contents[0].text).toContain("# Scratchpad");
  });

  it("--strict finds no error-severity schema portability problems", async () => {
    const run = await inspector([
      `${server.url}/mcp`,
      "--method",
      "tools/list",
      "--strict",
      "--format",
      "json",
      ...auth(),
    ]);
    // Exit 6 would mean an error-severity problem; warnings go to stderr and keep exit 0.
    expect(run.code, run.stderr.slice(0, 2000)).toBe(0);
  });

  it("without a token it reports auth_required (exit 3) instead of starting a sign-in", async () => {
    const run = await inspector([
      `${server.url}/mcp`,
      "--method",
      "tools/list",
      "--format",
      "json",
      "--stored-auth-only",
    ]);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stderr.trim()).error.code).toBe("auth_required");
  });
});

describe("MCP Inspector CLI over legacy SSE (/sse, --transport sse)", () => {
  it("tools/list shows every session tool", async () => {
    const list = result(
      await inspector([
        `${server.url}/sse`,
        "--transport",
        "sse",
        "--method",
        "tools/list",
        "--format",
        "json",
        ...auth(),
      ]),
    );
    expect(list.tools.map((tool: { name: string }) => tool.name)).toEqual(expect.arrayContaining(SESSION_TOOLS));
  });

  it("tools/call session_remember with --tool-arg saves a note", async () => {
    const saved = result(
      await inspector([
        `${server.url}/sse`,
        "--transport",
        "sse",
        "--method",
        "tools/call",
        "--tool-name",
        "session_remember",
        "--tool-arg",
        "key=inspector",
        "value=saved by the Inspector CLI",
        "--format",
        "json",
        ...auth(),
      ]),
    );
    expect(saved.isError).toBeFalsy();
    expect(saved.structuredContent).toEqual({ key: "inspector", replaced: false, entries: 1, maxEntries: 100 });
  });

  it("tools/call session_info reports the sse transport", async () => {
    const info = result(
      await inspector([
        `${server.url}/sse`,
        "--transport",
        "sse",
        "--method",
        "tools/call",
        "--tool-name",
        "session_info",
        "--format",
        "json",
        ...auth(),
      ]),
    );
    expect(info.structuredContent).toMatchObject({ transport: "sse", clientName: "MCP Inspector CLI" });
  });
});
