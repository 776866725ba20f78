/**
 * mcp-remote, the stdio proxy Claude Desktop users put in their config, run as they run it: the MCP
 * SDK client talks to it over stdin/stdout while it signs in (DCR, PKCE), refreshes and re-registers
 * on its own. It prints the authorization URL on stderr; the suite approves that page over HTTP and
 * delivers the redirect to mcp-remote's callback server, as a browser would. It is never allowed to
 * start a real browser: every opener it may try is a no-op script first on PATH, and its environment
 * carries no desktop session.
 */
import { randomBytes } from "node:crypto";
import { chmod, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { freePort, NODE, REPO_ROOT } from "../e2e/harness";
import { approveConsent } from "../e2e/oauth";
import { childStdioTransport } from "./child-stdio-transport";
import { v1Api } from "./client-api";
import { exercise, type McpApi, sessionInfo } from "./exercise";
import { type Spawned, start, tempDir, waitForOutput } from "./processes";
import { assert, FEATURES, type Recorder } from "./results";

const PROXY = join(REPO_ROOT, "node_modules", "mcp-remote", "dist", "proxy.js");
const BIN = join(REPO_ROOT, "node_modules", ".bin");
const RUN_TIMEOUT_MS = 90_000;
const SIGN_IN_TIMEOUT_MS = 30_000;
const AUTHORIZE_LINE = /Please authorize this client by visiting:\s*\n(\S+)/g;

export type Strategy = "http-only" | "sse-only";

interface Setup {
  configDir: string;
  env: NodeJS.ProcessEnv;
  url: string;
  callbackPort: number;
  passphrase: string;
  strategy: Strategy;
}

/** No-op stand-ins for every browser opener mcp-remote (through `open`) may look for on PATH. */
async function fakeOpeners(dir: string): Promise<string> {
  for (const name of ["browser", "xdg-open", "gio", "x-www-browser", "sensible-browser", "www-browser"]) {
    await writeFile(join(dir, name), "#!/bin/sh\nexit 0\n");
    await chmod(join(dir, name), 0o755);
  }
  return join(dir, "browser");
}

async function setUp(base: string, passphrase: string, strategy: Strategy): Promise<Setup> {
  const configDir = await tempDir(`mcp-remote-${strategy}`);
  const bin = await tempDir(`openers-${strategy}`);
  const browser = await fakeOpeners(bin);
  // Built from scratch, not inherited: no DISPLAY, desktop or D-Bus session for xdg-open to use.
  const env = {
    PATH: [bin, BIN, "/usr/bin", "/bin"].join(":"),
    HOME: configDir,
    TMPDIR: configDir,
    MCP_REMOTE_CONFIG_DIR: configDir,
    BROWSER: browser,
    NO_COLOR: "1",
  } as Record<string, string> as NodeJS.ProcessEnv;
  const url = `${base}${strategy === "sse-only" ? "/sse" : "/mcp"}`;
  return { configDir, env, url, callbackPort: await freePort(), passphrase, strategy };
}

const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Follow the consent page's redirect to mcp-remote's callback server. When it already holds tokens,
 * mcp-remote starts that server only once it needs it, which can be just after it prints the URL;
 * a person needs seconds to sign in, so retry a refused connection for a while, as they would reload.
 */
async function deliver(location: URL): Promise<Response> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  for (;;) {
    try {
      return await fetch(location, { signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    } catch (error) {
      const refused = ((error as Error).cause as { code?: string } | undefined)?.code === "ECONNREFUSED";
      if (!refused || Date.now() > deadline) {
        throw new Error(
          `delivering the redirect to mcp-remote's callback server failed: ${(error as Error).message} (${String(((error as Error).cause as Error)?.message ?? "")})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

interface Session {
  process: Spawned;
  client: Client;
  api: McpApi;
  /** Authorization URLs mcp-remote printed and the suite approved. */
  consents: number;
  close(): Promise<void>;
}

/** Start mcp-remote and connect the SDK client through it, approving any consent it asks for. */
async function open(setup: Setup): Promise<Session> {
  const process = start(
    NODE,
    [PROXY, setup.url, String(setup.callbackPort), "--host", "127.0.0.1", "--transport", setup.strategy],
    {
      env: setup.env,
      cwd: setup.configDir,
      timeoutMs: RUN_TIMEOUT_MS,
      stdin: true,
    },
  );
  let consents = 0;
  let approving = Promise.resolve();
  let failure: Error | undefined;
  const approveNew = () => {
    const urls = [...process.stderr().matchAll(AUTHORIZE_LINE)].map((match) => match[1]!);
    while (consents < urls.length) {
      const url = urls[consents++]!;
      approving = approving.then(async () => {
        try {
          const { location } = await approveConsent(url, { passphrase: setup.passphrase }).catch((error: Error) => {
            throw new Error(`approving the consent page failed: ${error.message}`);
          });
          // The browser's last step: follow the redirect to mcp-remote's callback server.
          const delivered = await deliver(location);
          await delivered.body?.cancel();
        } catch (error) {
          failure = error as Error;
        }
      });
    }
  };
  process.child.stderr?.on("data", approveNew);

  const client = new Client({ name: "outpost-interop-claude-desktop", version: "1.0.0" });
  // Before connecting, so no log notification is missed.
  const api = v1Api(client);
  try {
    await Promise.race([
      client.connect(childStdioTransport(process.child), { timeout: SIGN_IN_TIMEOUT_MS }),
      process.exited.then((run) => {
        throw new Error(`mcp-remote exited (${run.code}): ${run.stderr.slice(-800)}`);
      }),
    ]);
  } catch (error) {
    await process.stop();
    throw failure ?? error;
  }
  await approving;
  if (failure) throw failure;
  return {
    process,
    client,
    api,
    get consents() {
      return consents;
    },
    async close() {
      await client.close().catch(() => undefined);
      await process.stop();
    },
  };
}

/** mcp-remote's stored state for the server: `<hash>_tokens.json`, `<hash>_client_info.json`. */
async function stored(
  configDir: string,
  suffix: "tokens.json" | "client_info.json",
): Promise<{ path: string; data: Record<string, unknown> }> {
  for (const entry of await readdir(configDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith("mcp-remote-")) continue;
    const dir = join(configDir, entry.name);
    const file = (await readdir(dir)).find((name) => name.endsWith(`_${suffix}`));
    if (file) return { path: join(dir, file), data: JSON.parse(await readFile(join(dir, file), "utf8")) };
  }
  throw new Error(`mcp-remote stored no ${suffix}`);
}

export async function runMcpRemote(
  recorder: Recorder,
  options: { base: string; passphrase: string; strategy: Strategy },
): Promise<void> {
  const client = "mcp-remote";
  const transport = options.strategy === "sse-only" ? "sse" : "streamable-http";
  const setup = await setUp(options.base, options.passphrase, options.strategy);
  let session: Session | undefined;

  const signedIn = await recorder.check(client, transport, "auth", async () => {
    session = await open(setup);
    assert(session.consents === 1, `expected one consent, mcp-remote asked for ${session.consents}`);
    const info = await sessionInfo(session.api);
    const { data: registered } = await stored(setup.configDir, "client_info.json");
    assert(registered.token_endpoint_auth_method === "none", "mcp-remote did not register as a public client");
    const expectedTransport = options.strategy === "sse-only" ? "sse" : "streamable-http";
    assert(info.transport === expectedTransport, `session_info reports transport ${String(info.transport)}`);
    return `--transport ${options.strategy}: DCR client ${String(registered.client_id).slice(0, 8)}…, PKCE, consent approved from the URL on stderr, signed in as ${String(info.user)} via ${String(info.clientName)}`;
  });
  if (!signedIn || !session) {
    recorder.blocked(
      client,
      transport,
      FEATURES.filter((feature) => feature !== "auth"),
      "sign-in failed",
    );
    return;
  }
  try {
    await exercise(recorder, client, transport, session.api, `mcp-remote-${options.strategy}`);
  } finally {
    await session.close();
  }

  await recorder.check(client, transport, "refresh", async () => {
    const tokens = await stored(setup.configDir, "tokens.json");
    const before = tokens.data.refresh_token;
    assert(typeof before === "string", "mcp-remote stored no refresh token");
    await writeFile(
      tokens.path,
      JSON.stringify({ ...tokens.data, access_token: `stale-${randomBytes(8).toString("hex")}` }),
    );
    const again = await open(setup);
    try {
      await sessionInfo(again.api);
      assert(again.consents === 0, "mcp-remote asked for a new consent instead of refreshing");
    } finally {
      await again.close();
    }
    const after = (await stored(setup.configDir, "tokens.json")).data.refresh_token;
    assert(typeof after === "string" && after !== before, "the stored refresh token did not rotate");
    return "restarted with a rejected access token: refreshed without a consent, refresh token rotated";
  });

  await recorder.check(client, transport, "re-registration", async () => {
    // The provider looks clients up by id: a deleted client and an id it never issued are the same to it.
    const info = await stored(setup.configDir, "client_info.json");
    const gone = `deleted-${randomBytes(8).toString("hex")}`;
    await writeFile(info.path, JSON.stringify({ ...info.data, client_id: gone }));
    const tokens = await stored(setup.configDir, "tokens.json");
    await writeFile(
      tokens.path,
      JSON.stringify({ ...tokens.data, access_token: `stale-${randomBytes(8).toString("hex")}` }),
    );
    const again = await open(setup);
    try {
      await sessionInfo(again.api);
      assert(again.consents === 1, `expected one new consent, mcp-remote asked for ${again.consents}`);
    } finally {
      await again.close();
    }
    const now = (await stored(setup.configDir, "client_info.json")).data.client_id;
    assert(
      typeof now === "string" && now !== gone && now !== info.data.client_id,
      `client id after recovery: ${String(now)}`,
    );
    return `its client deleted: invalid_client at refresh, registered again (client ${now.slice(0, 8)}…), one new consent, signed in`;
  });
}
