// What `npm run dev` works out around `wrangler dev`: the port it will listen on, the URL a person
// should use, and the short banner printed once the server answers.
import { createServer } from "node:net";

/** wrangler dev's default port; when it is taken, wrangler (and this script) try the next ones. */
export const DEFAULT_PORT = 8787;
const PORTS_TO_TRY = 10;

/**
 * The value of `--name value` or `--name=value` in wrangler's arguments.
 * @param {string[]} args
 * @param {string} name
 * @returns {string | undefined}
 */
export function flagValue(args, name) {
  for (let index = 0; index < args.length; index++) {
    if (args[index] === name) return args[index + 1];
    if (args[index].startsWith(`${name}=`)) return args[index].slice(name.length + 1);
  }
  return undefined;
}

/**
 * Whether `port` can be bound on `host` right now.
 * @param {number} port
 * @param {string} host
 * @returns {Promise<boolean>}
 */
export function isPortFree(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * The port wrangler will use: `--port` when given, else the first free one from 8787 (as wrangler
 * itself picks). Choosing it here and passing it on is how the banner knows the real port.
 * @param {string[]} args
 * @returns {Promise<{ port: number, args: string[] }>}
 */
export async function choosePort(args, isFree = isPortFree) {
  const given = Number(flagValue(args, "--port"));
  if (Number.isInteger(given) && given > 0) return { port: given, args };
  const ip = flagValue(args, "--ip");
  // `localhost` may resolve to ::1 while another server holds 127.0.0.1: both must be free.
  const hosts = ip ? [ip] : ["127.0.0.1", "localhost"];
  for (let port = DEFAULT_PORT; port < DEFAULT_PORT + PORTS_TO_TRY; port++) {
    if (await everyHostFree(port, hosts, isFree)) return { port, args: [...args, "--port", String(port)] };
  }
  return { port: DEFAULT_PORT, args };
}

/**
 * @param {number} port
 * @param {string[]} hosts
 * @param {typeof isPortFree} isFree
 */
async function everyHostFree(port, hosts, isFree) {
  for (const host of hosts) if (!(await isFree(port, host))) return false;
  return true;
}

const WILDCARD_OR_LOOPBACK = /^(localhost|127(\.\d+){3}|0\.0\.0\.0|::|\[?::1?\]?|\*)$/;

/**
 * The origin a person should open: `localhost` for any loopback or wildcard address, because the
 * consent page's `__Host-` cookie survives plain http only there; another address as given.
 * @param {string[]} args
 * @param {number} port
 */
export function localOrigin(args, port) {
  const ip = flagValue(args, "--ip");
  if (!ip || WILDCARD_OR_LOOPBACK.test(ip)) return `http://localhost:${port}`;
  return `http://${ip.includes(":") && !ip.startsWith("[") ? `[${ip}]` : ip}:${port}`;
}

/**
 * Ask /health until the worker answers, the child exits (`stopped()`), or `timeoutMs` passes. A
 * refused connection is retried quickly; an accepted one is waited for (the first request starts
 * the worker, seconds on a slow machine), so wrangler logs one request, not a burst of retries.
 * @param {string} origin
 * @param {() => boolean} stopped
 */
export async function waitUntilReady(origin, stopped, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!stopped() && Date.now() < deadline) {
    try {
      const response = await fetch(`${origin}/health`, {
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      });
      if (response.ok && (await response.json()).status === "ok") return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * The lines printed once the server answers. Never the passphrase: a command that prints it.
 * @param {string} origin
 */
export function banner(origin) {
  const mcp = `${origin}/mcp`;
  return [
    "",
    `Outpost is ready at ${mcp}`,
    `  Claude Code:  claude mcp add --transport http outpost ${mcp}`,
    "  Passphrase:   npm run -s passphrase   (you type it on the consent page)",
    `  Other apps:   ${origin}/ shows how; claude.ai and the mobile apps need a deployed server`,
    "",
  ].join("\n");
}
