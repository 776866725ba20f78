/**
 * The MCP Inspector CLI (built on SDK v2) over `/mcp` and `/sse`: `tools/list` with `--strict`
 * schema portability, `tools/call`, `resources/read`, `prompts/get` and `logging/setLevel`. It cannot
 * finish a browser sign-in headlessly, so it gets a bearer token the suite minted through the same
 * DCR + PKCE + consent flow, as `--header`.
 */
import { join } from "node:path";
import { inspectorEnv, NODE, REPO_ROOT } from "../e2e/harness";
import { SCRATCHPAD, SESSION_TOOLS } from "./exercise";
import { run, tempDir } from "./processes";
import { assert, NotApplicable, type Recorder } from "./results";

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
const CLI_TIMEOUT_MS = 45_000;
/** Exit code of `--strict` when a tool schema has an error-severity portability problem. */
const STRICT_ERROR_EXIT = 6;

export async function runInspector(
  recorder: Recorder,
  options: { base: string; token: string; transport: "streamable-http" | "sse" },
): Promise<void> {
  const client = "MCP Inspector CLI";
  const { transport } = options;
  const home = await tempDir(`inspector-${transport}`);
  const env = await inspectorEnv(home);
  const target = transport === "sse" ? [`${options.base}/sse`, "--transport", "sse"] : [`${options.base}/mcp`];
  const cli = async (args: string[]) => {
    const result = await run(
      NODE,
      [
        INSPECTOR,
        "--cli",
        ...target,
        ...args,
        "--format",
        "json",
        "--header",
        `Authorization: Bearer ${options.token}`,
      ],
      {
        env,
        cwd: home,
        timeoutMs: CLI_TIMEOUT_MS,
      },
    );
    return result;
  };
  const json = async (args: string[]) => {
    const result = await cli(args);
    assert(
      result.code === 0,
      `inspector ${args.join(" ")} exited ${result.code}${result.timedOut ? " (timed out)" : ""}: ${result.stderr.slice(0, 500)}`,
    );
    return JSON.parse(result.stdout.trim()).result as Record<string, any>;
  };

  await recorder.check(client, transport, "auth", async () => {
    throw new NotApplicable(
      "n/a (bearer token minted by the suite: the CLI cannot finish a browser sign-in headlessly)",
    );
  });

  let prompts: { name: string; arguments?: { name: string; required?: boolean }[] }[] = [];
  await recorder.check(client, transport, "tools", async () => {
    const strict = await cli(["--method", "tools/list", "--strict"]);
    assert(
      strict.code !== STRICT_ERROR_EXIT,
      `--strict found error-severity schema problems: ${strict.stderr.slice(0, 800)}`,
    );
    assert(strict.code === 0, `tools/list --strict exited ${strict.code}: ${strict.stderr.slice(0, 500)}`);
    const names = (JSON.parse(strict.stdout.trim()).result.tools as { name: string }[]).map((tool) => tool.name);
    for (const name of SESSION_TOOLS) assert(names.includes(name), `${name} is not listed`);
    const saved = await json([
      "--method",
      "tools/call",
      "--tool-name",
      "session_remember",
      "--tool-arg",
      "key=inspector",
      `value=saved over ${transport}`,
    ]);
    assert(
      !saved.isError && saved.structuredContent?.key === "inspector",
      `session_remember: ${JSON.stringify(saved).slice(0, 300)}`,
    );
    const info = await json(["--method", "tools/call", "--tool-name", "session_info"]);
    assert(
      info.structuredContent?.transport === transport,
      `session_info reports transport ${String(info.structuredContent?.transport)}`,
    );
    return `tools/list --strict clean (${names.length} tools); tools/call session_remember and session_info`;
  });

  await recorder.check(client, transport, "resources", async () => {
    const read = await json(["--method", "resources/read", "--uri", SCRATCHPAD]);
    assert(
      read.contents?.[0]?.uri === SCRATCHPAD && read.contents[0].mimeType === "text/markdown",
      `resources/read returned ${JSON.stringify(read).slice(0, 300)}`,
    );
    return `resources/read ${SCRATCHPAD}`;
  });

  await recorder.check(client, transport, "prompts", async () => {
    prompts = (await json(["--method", "prompts/list"])).prompts ?? [];
    const prompt =
      prompts.find((candidate) => !(candidate.arguments ?? []).some((argument) => argument.required)) ?? prompts[0];
    if (!prompt) throw new NotApplicable("n/a (server has none)");
    const args = (prompt.arguments ?? [])
      .filter((argument) => argument.required)
      .map((argument) => `${argument.name}=interop`);
    const got = await json([
      "--method",
      "prompts/get",
      "--prompt-name",
      prompt.name,
      ...(args.length ? ["--prompt-args", ...args] : []),
    ]);
    assert(
      Array.isArray(got.messages) && got.messages.length > 0,
      `prompts/get ${prompt.name} returned ${JSON.stringify(got).slice(0, 300)}`,
    );
    return `prompts/list (${prompts.length}); prompts/get ${prompt.name}`;
  });

  await recorder.check(client, transport, "completion", async () => {
    throw new NotApplicable("n/a (the CLI has no completion method)");
  });

  await recorder.check(client, transport, "logging", async () => {
    await json(["--method", "logging/setLevel", "--log-level", "debug"]);
    return "logging/setLevel debug accepted";
  });

  for (const feature of ["progress", "refresh", "re-registration"]) {
    await recorder.check(client, transport, feature, async () => {
      throw new NotApplicable(
        feature === "progress" ? "n/a (the CLI shows no progress)" : "n/a (the CLI does not sign in itself)",
      );
    });
  }
}
