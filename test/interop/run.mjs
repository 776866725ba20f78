#!/usr/bin/env node
/**
 * `npm run test:interop`: run the interop suite (test/interop/main.ts) under the project-pinned Node.
 * CI's system Node may be 20; the conformance CLI needs 22, and the suite's TypeScript runs through
 * Node's own type stripping, which only 22.18+ has. The child gets its own process group so that a
 * cancelled run takes every server and client it started with it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const pinned = join(root, "node_modules", ".bin", "node");
const node = existsSync(pinned) ? pinned : process.execPath;

const child = spawn(
  node,
  [
    // oauth.ts uses constructor parameter properties, which plain type stripping rejects.
    "--experimental-transform-types",
    "--disable-warning=ExperimentalWarning",
    "--import",
    join(here, "ts-resolve.mjs"),
    join(here, "main.ts"),
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit", detached: true },
);

let signalled = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    signalled = true;
    // The suite cleans up on SIGTERM; its group goes too in case it cannot.
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  });
}
child.on("exit", (code, signal) => {
  process.exit(code ?? (signal || signalled ? 1 : 0));
});
