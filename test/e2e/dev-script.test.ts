/**
 * `npm run dev` as a new user meets it: in a fresh checkout (no .dev.vars), it creates the local
 * secrets, starts wrangler without a "types might be out of date" warning, and ends with a banner
 * that has the real URL and how to show the passphrase, never the passphrase itself.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { copyFile, mkdtemp, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { banner, choosePort, localOrigin } from "../../scripts/dev-banner.mjs";
import { LOCAL_SECRETS, readDevVar } from "../../scripts/dev-vars.mjs";
import { childEnv, freePort, killGroup, NODE, REPO_ROOT } from "./harness";

const READY_TIMEOUT_MS = 50_000;

describe("choosing the port and the URL", () => {
  it("keeps a --port the user passed, in either form", async () => {
    expect(await choosePort(["--port", "9000"], async () => false)).toEqual({ port: 9000, args: ["--port", "9000"] });
    expect((await choosePort(["--port=9001"], async () => false)).port).toBe(9001);
  });

  it("takes the next free port after 8787, as wrangler would, and passes it on", async () => {
    const busy = new Set([8787, 8788]);
    const chosen = await choosePort(["--persist-to", ".state"], async (port) => !busy.has(port));
    expect(chosen).toEqual({ port: 8789, args: ["--persist-to", ".state", "--port", "8789"] });
  });

  it("checks both loopback names when no --ip is given, and only the --ip otherwise", async () => {
    const probed: string[] = [];
    await choosePort([], async (port, host) => (probed.push(`${host}:${port}`), true));
    expect(probed).toEqual(["127.0.0.1:8787", "localhost:8787"]);
    probed.length = 0;
    await choosePort(["--ip", "0.0.0.0"], async (port, host) => (probed.push(`${host}:${port}`), true));
    expect(probed).toEqual(["0.0.0.0:8787"]);
  });

  it("sends people to localhost for any loopback or wildcard address", () => {
    for (const ip of ["127.0.0.1", "0.0.0.0", "::", "::1", "[::1]", "localhost"]) {
      expect(localOrigin(["--ip", ip], 9000), ip).toBe("http://localhost:9000");
    }
    expect(localOrigin([], 8787)).toBe("http://localhost:8787");
    expect(localOrigin(["--ip=192.168.1.20"], 8787)).toBe("http://192.168.1.20:8787");
  });

  it("the banner names the endpoint, the Claude Code command and the passphrase command", () => {
    const text = banner("http://localhost:9000");
    expect(text).toContain("http://localhost:9000/mcp");
    expect(text).toContain("claude mcp add --transport http outpost http://localhost:9000/mcp");
    expect(text).toContain("npm run -s passphrase");
    expect(text.trim().split("\n").length).toBeLessThanOrEqual(5);
  });
});

describe("npm run dev in a fresh checkout", () => {
  let dir: string;
  let port: number;
  let child: ChildProcess;
  let output = "";

  beforeAll(async () => {
    // A checkout without .dev.vars: the committed config and types, the sources and the installed packages.
    dir = await mkdtemp(join(tmpdir(), "outpost-dev-"));
    for (const file of ["wrangler.toml", "worker-configuration.d.ts", "package.json"])
      await copyFile(join(REPO_ROOT, file), join(dir, file));
    for (const folder of ["src", "node_modules"]) await symlink(join(REPO_ROOT, folder), join(dir, folder), "dir");
    port = await freePort();
    const args = [
      join(REPO_ROOT, "scripts", "dev.mjs"),
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--persist-to",
      join(dir, "state"),
    ];
    child = spawn(NODE, args, {
      cwd: dir,
      env: childEnv({ WRANGLER_LOG_PATH: join(dir, "logs") }),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    const started = Date.now();
    while (!output.includes("Outpost is ready")) {
      if (child.exitCode !== null) throw new Error(`npm run dev exited (${child.exitCode}):\n${output}`);
      if (Date.now() - started > READY_TIMEOUT_MS)
        throw new Error(`no banner within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Whatever wrangler prints with the banner's own request comes before it: wait for the last line.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }, READY_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    if (child) {
      killGroup(child, "SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 500));
      killGroup(child, "SIGKILL");
    }
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it("ends with the banner, with the port that was passed", () => {
    const lastLines = output.trimEnd().split("\n").slice(-4).join("\n");
    expect(lastLines).toContain(`claude mcp add --transport http outpost http://localhost:${port}/mcp`);
    expect(lastLines).toContain("npm run -s passphrase");
  });

  it("creates .dev.vars readable only by its owner, and never prints the passphrase", async () => {
    const devVars = join(dir, ".dev.vars");
    expect((await stat(devVars)).mode & 0o777).toBe(0o600);
    for (const name of Object.keys(LOCAL_SECRETS)) expect(readDevVar(devVars, name), name).toBeTruthy();
    const passphrase = readDevVar(devVars, "OWNER_PASSPHRASE") ?? "";
    expect(output).not.toContain(passphrase);
  });

  it("does not warn that the committed types are out of date", () => {
    expect(output).toContain("Using secrets defined in .dev.vars");
    expect(output).not.toMatch(/types might be out of date/i);
  });

  it("the banner's URL answers, and `npm run -s passphrase` prints exactly the passphrase", async () => {
    const health = await fetch(`http://localhost:${port}/health`);
    expect(health.status).toBe(200);
    const { stdout } = await promisify(execFile)(NODE, [join(REPO_ROOT, "scripts", "passphrase.mjs")], { cwd: dir });
    expect(stdout).toBe(`${readDevVar(join(dir, ".dev.vars"), "OWNER_PASSPHRASE")}\n`);
  });
});
