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
      "@modelcontextprotocol/server": versionOf(repoRoot, "@modelcontextprotocol/server"),
      "@cloudflare/workers-oauth-provider": versionOf(repoRoot, "@cloudflare/workers-oauth-provider"),
    },
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
  };
}

/**
 * The machine is shared: wait, bounded, for the 1-minute load average to fall below `below` (the
 * core count), checking every 20 s for up to 10 minutes. What happened is recorded for the page.
 * @returns {Promise<{ below: number, reached: boolean, waitedSeconds: number }>}
 */
export async function waitForQuiet({ log, below = cpus().length, checkMs = 20_000, maxMs = 600_000 }) {
  const started = Date.now();
  for (;;) {
    const current = loadavg()[0];
    const waitedSeconds = Math.round((Date.now() - started) / 1000);
    if (current < below) return { below, reached: true, waitedSeconds };
    if (Date.now() - started >= maxMs) return { below, reached: false, waitedSeconds };
    log(
      `load average ${current.toFixed(2)} ≥ ${below}: waiting (${waitedSeconds} s so far, at most ${maxMs / 1000} s)`,
    );
    await new Promise((resolveWait) => setTimeout(resolveWait, checkMs));
  }
}
