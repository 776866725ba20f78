/**
 * Child processes and temporary directories for the interop suite. Every child runs in its own
 * process group and is killed with it, so helpers it starts (workerd, browser openers, callback
 * servers) cannot outlive the suite; every temporary directory is removed at the end, also on failure.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const children = new Set<ChildProcess>();
const directories = new Set<string>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

// If the suite dies without reaching its cleanup, the process groups still go with it.
process.once("exit", () => {
  for (const child of children) killGroup(child, "SIGKILL");
});

export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `outpost-interop-${label}-`));
  directories.add(dir);
  return dir;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface Spawned {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process exits; never rejects. */
  exited: Promise<Run>;
  /** SIGTERM to the group, SIGKILL after a grace period. */
  stop(): Promise<Run>;
}

export interface SpawnOptions {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Killed (as a group) after this long; the run then reports `timedOut`. */
  timeoutMs: number;
  /** Keep stdin open for the caller (stdio clients); otherwise it is closed. */
  stdin?: boolean;
}

const OUTPUT_LIMIT = 4 * 1024 * 1024;
const GRACE_MS = 3_000;

export function start(command: string, args: string[], options: SpawnOptions): Spawned {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  let timedOut = false;
  child.stdout?.on("data", (chunk: Buffer) => {
    if (stdout.length < OUTPUT_LIMIT) stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    if (stderr.length < OUTPUT_LIMIT) stderr += chunk.toString("utf8");
  });
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child, "SIGKILL");
  }, options.timeoutMs);
  timer.unref();
  const exited = new Promise<Run>((resolve) => {
    const finish = (code: number | null) => {
      clearTimeout(timer);
      // The leader is gone; anything it left in its group goes too.
      killGroup(child, "SIGKILL");
      children.delete(child);
      resolve({ code, stdout, stderr, timedOut });
    };
    child.once("error", (error) => {
      stderr += `\n${error.message}`;
      finish(null);
    });
    child.once("close", (code) => finish(code));
  });
  const stop = async () => {
    killGroup(child, "SIGTERM");
    const grace = setTimeout(() => killGroup(child, "SIGKILL"), GRACE_MS);
    const run = await exited;
    clearTimeout(grace);
    return run;
  };
  return { child, stdout: () => stdout, stderr: () => stderr, exited, stop };
}

/** Run to completion. */
export function run(command: string, args: string[], options: SpawnOptions): Promise<Run> {
  return start(command, args, options).exited;
}

/** Wait until `predicate` holds for the process's output, or fail when it exits or the time is up. */
export async function waitForOutput(
  spawned: Spawned,
  predicate: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void spawned.exited.then(() => {
    done = true;
  });
  while (!predicate()) {
    if (done) throw new Error(`exited before ${what}: ${spawned.stderr().slice(-1500)}`);
    if (Date.now() > deadline)
      throw new Error(`no ${what} within ${timeoutMs / 1000} s: ${spawned.stderr().slice(-1500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Kill every child still running and remove every temporary directory. */
export async function cleanUp(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("close", () => resolve());
          killGroup(child, "SIGKILL");
          setTimeout(resolve, GRACE_MS).unref();
        }),
    ),
  );
  await Promise.all(
    [...directories].map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })),
  );
  directories.clear();
}
