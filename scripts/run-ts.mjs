#!/usr/bin/env node
/**
 * Run a TypeScript entry point of the test tree (the interop suite, the fuzzer) under
 * the project-pinned Node: `node scripts/run-ts.mjs test/interop/main.ts [args…]`. CI's system Node
 * may be 20; the conformance CLI needs 22, and the TypeScript runs through Node's own type
 * stripping, which only 22.18+ has. The child gets its own process group so that a cancelled run
 * takes every server and client it started with it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const pinned = join(root, "node_modules", ".bin", "node");
const node = existsSync(pinned) ? pinned : process.execPath;
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: node scripts/run-ts.mjs <entry.ts> [args…]\n");
  process.exit(2);
}

const child = spawn(
  node,
  [
    // oauth.ts uses constructor parameter properties, which plain type stripping rejects.
    "--experimental-transform-types",
    "--disable-warning=ExperimentalWarning",
    "--import",
    join(here, "ts-resolve.mjs"),
    resolve(root, entry),
    ...args,
  ],
  { cwd: root, stdio: "inherit", detached: true },
);

let signalled = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    signalled = true;
    // The entry cleans up on SIGTERM; its group goes too in case it cannot.
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  });
}
child.on("exit", (code, signal) => {
  process.exit(code ?? (signal || signalled ? 1 : 0));
});
