/**
 * Black-box harness: run the real worker under `wrangler dev` on loopback, with its own port,
 * storage and owner passphrase, and stop it (and the workerd processes it starts) afterwards.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const BIN = join(REPO_ROOT, "node_modules", ".bin");

/**
 * The project-pinned Node (wrangler 4 and the Inspector need Node 22; the system Node may be older,
 * and `node_modules/.bin/wrangler` would run under whichever `node` is first on PATH).
 */
export const NODE = existsSync(join(BIN, "node")) ? join(BIN, "node") : process.execPath;
const WRANGLER = join(REPO_ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const LOG_LIMIT = 64 * 1024;

export interface DevServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The owner passphrase this server was started with. */
  passphrase: string;
  /** What wrangler printed so far (the last 64 KiB), for failure messages. */
  log(): string;
  /** The process group of wrangler and its workerd (for memory readings and fault injection). */
  pid: number;
  /** SIGKILL the whole group at once, as a power cut would; storage is left as it is. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** A port nothing listens on right now: bind port 0 on loopback and release it. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Environment for child processes: the pinned Node first on PATH, no telemetry, no network look-ups. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [BIN, process.env.PATH ?? ""].join(delimiter),
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_SEND_METRICS: "false",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    ...extra,
  };
  return env;
}

/**
 * Environment for the MCP Inspector CLI: it keeps a catalog, client config and OAuth state under
 * HOME, so give it a throwaway one, and keep any OAuth callback listener on a free loopback port.
 */
export async function inspectorEnv(home: string): Promise<NodeJS.ProcessEnv> {
  return childEnv({
    HOME: home,
    USERPROFILE: home,
    MCP_CATALOG_PATH: join(home, "mcp.json"),
    MCP_CLIENT_CONFIG_PATH: join(home, "client.json"),
    MCP_OAUTH_CALLBACK_URL: `http://127.0.0.1:${await freePort()}/oauth/callback`,
    BROWSER: "none",
  });
}

const running = new Set<ChildProcess>();
// Last resort if the test process dies without running afterAll: take the process groups with it.
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/** Signal a detached child's whole process group (wrangler leaves workerd children behind otherwise). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Start `wrangler dev` on a free loopback port with fresh persistence in a temporary directory.
 * The passphrase goes in through a temporary `--env-file`: with an env file wrangler does not read
 * the repo's `.dev.vars`, so a developer's own file is neither used nor touched.
 */
export interface DevServerOptions {
  passphrase?: string;
  /** Another worker's wrangler.toml, relative to the repository root (the benchmark's floor and template). */
  configPath?: string;
  /** `[vars]` overrides, passed as `--var KEY:VALUE` (SIGN_IN_METHODS, OIDC_ISSUER, …). */
  vars?: Record<string, string>;
  /** Extra secrets, written to the temporary env file beside the passphrase. */
  secrets?: Record<string, string>;
  /** Listen on this port (a restart on the same one keeps the OAuth resource, which includes the port). */
  port?: number;
  /** Keep storage here instead of a throwaway directory (a restart with the same one finds it again). */
  persistTo?: string;
  /** Called with everything wrangler prints (the worker's log lines among it), as it comes. */
  onOutput?: (text: string) => void;
  /**
   * The dev registry through which `wrangler dev` processes find each other's workers and Durable
   * Objects (`script_name` bindings). Give processes that must meet their own, so they never bind
   * to another run's `outpost`.
   */
  registryPath?: string;
}

/**
 * Under `wrangler dev` every client has the address 127.0.0.1, and test runs register far more
 * clients in an hour than REGISTRATIONS_PER_HOUR allows one address; a test of the limit sets its own.
 */
const TEST_VARS: Record<string, string> = { REGISTRATIONS_PER_HOUR: "100000" };

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const passphrase = options.passphrase ?? `e2e-${randomBytes(12).toString("base64url")}`;
  const dir = await mkdtemp(join(tmpdir(), "outpost-e2e-"));
  const envFile = join(dir, "secrets.env");
  const secrets: Record<string, string> = {
    OWNER_PASSPHRASE: passphrase,
    NOTIFY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ...options.secrets,
  };
  const envText = Object.entries(secrets)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}\n`)
    .join("");
  await writeFile(envFile, envText, { mode: 0o600 });
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;

  const args = [
    WRANGLER,
    "dev",
    ...(options.configPath ? ["--config", options.configPath] : []),
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    options.persistTo ?? join(dir, "state"),
    "--env-file",
    envFile,
    "--show-interactive-dev-session=false",
    ...Object.entries({ ...TEST_VARS, ...options.vars }).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
  ];
  const env = childEnv({
    WRANGLER_LOG_PATH: join(dir, "logs"),
    // Read the env file even if the developer's shell turns .env loading off.
    CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "true",
    ...(options.registryPath && { WRANGLER_REGISTRY_PATH: options.registryPath }),
  });
  delete env.CLOUDFLARE_INCLUDE_PROCESS_ENV;

  const child = spawn(NODE, args, { cwd: REPO_ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output = (output + text).slice(-LOG_LIMIT);
    options.onOutput?.(text);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  let stopped = false;
  const crash = async () => {
    killGroup(child, "SIGKILL");
    await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup(child, "SIGTERM");
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), STOP_TIMEOUT_MS).unref()),
    ]);
    // wrangler exits before its workerd children are necessarily gone: clear the whole group.
    killGroup(child, "SIGKILL");
    if (timedOut) await Promise.race([exited, new Promise((r) => setTimeout(r, 1_000).unref())]);
    running.delete(child);
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  const started = Date.now();
  try {
    for (;;) {
      if (hasExited) throw new Error(`wrangler dev exited before it was ready (exit code ${child.exitCode})`);
      if (Date.now() - started > READY_TIMEOUT_MS)
        throw new Error(`wrangler dev was not ready within ${READY_TIMEOUT_MS / 1000} s`);
      try {
        const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok && ((await response.json()) as { status?: string }).status === "ok") break;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- wrangler output ---\n${output}`);
  }

  return { url, port, passphrase, log: () => output, pid: child.pid ?? 0, crash, stop };
}
