/**
 * A passing `npm test` does not print the log lines its tests produce (hundreds of worker JSON
 * lines), and a failing test still shows everything it logged.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { quietMissingSourceMaps } from "../../vitest.config";
import { childEnv, NODE, REPO_ROOT } from "./harness";

it("prints console output from failing tests only", async () => {
  const vitest = join(REPO_ROOT, "node_modules", "vitest", "vitest.mjs");
  const child = spawn(NODE, [vitest, "run", "--config", "test/e2e/fixtures/vitest.config.ts"], {
    cwd: REPO_ROOT,
    // The fixture config imports the repository's without a file extension, which vite's future config loader warns about.
    env: childEnv({ VITE_CONFIG_NATIVE_IGNORE_WARNING: "true" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code, output).toBe(1);
  expect(output).toContain("from_a_failing_test");
  expect(output).not.toContain("from_a_passing_test");
});

it("drops vite's warnings about packages' missing source-map sources, and only those", () => {
  const warned: string[] = [];
  const logger = { warnOnce: (message: string) => void warned.push(message) };
  quietMissingSourceMaps.configResolved({ logger });
  logger.warnOnce(
    'Sourcemap for "/x/node_modules/@modelcontextprotocol/sdk/dist/esm/types.js" points to missing source files',
  );
  logger.warnOnce("Something else went wrong");
  expect(warned).toEqual(["Something else went wrong"]);
});
