/** What every figure depends on: the machine, the versions, the date, the command and the load. */
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";

function versionOf(repoRoot, name) {
  try {
    return JSON.parse(readFileSync(join(repoRoot, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

export function describeEnvironment(repoRoot, command) {
  const cores = cpus();
  return {
    date: new Date().toISOString(),
    command,
    machine: {
      cpuModel: cores[0]?.model?.trim() ?? "unknown",
      cores: cores.length,
      memoryGiB: Number((totalmem() / 1024 ** 3).toFixed(1)),
      platform: `${process.platform} ${process.arch}`,
    },
    versions: {
      node: process.versions.node,
      wrangler: versionOf(repoRoot, "wrangler"),
      workerd: versionOf(repoRoot, "workerd"),
      agents: versionOf(repoRoot, "agents"),
      "@modelcontextprotocol/sdk": versionOf(repoRoot, "@modelcontextprotocol/sdk"),
      "@cloudflare/workers-oauth-provider": versionOf(repoRoot, "@cloudflare/workers-oauth-provider"),
    },
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
  };
}
