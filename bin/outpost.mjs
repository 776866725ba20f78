#!/usr/bin/env node
/**
 * `outpost <command>`: the operator's command line. `outpost doctor <url>` checks a live connector
 * against what Claude needs (docs/doctor.md). Runs under Node 22 (the project's pinned Node when the
 * one on PATH is older: the MCP SDK clients need it).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = join(root, "node_modules", ".bin", "node");
const major = Number(process.versions.node.split(".")[0]);
if (major < 22 && existsSync(pinned) && !process.env.OUTPOST_REEXEC) {
  const child = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit", env: { ...process.env, OUTPOST_REEXEC: "1" } });
  process.exit(child.status ?? 1);
}

const [command, ...args] = process.argv.slice(2);
if (command === "doctor") {
  const { main } = await import("../scripts/doctor/main.mjs");
  process.exitCode = await main(args);
} else {
  process.stderr.write(`Usage: outpost doctor <url> [--token <t>] [--json] [--no-register] [--report]\n${command && command !== "help" && command !== "--help" ? `Unknown command: ${command}\n` : ""}`);
  process.exitCode = command === "help" || command === "--help" ? 0 : 2;
}
