// How `npm run setup` calls wrangler and reads wrangler.toml. `WRANGLER` names another executable
// (the tests' recording fake); otherwise the `wrangler` that `npm run` puts on PATH.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const WRANGLER = process.env.WRANGLER || "wrangler";

/** wrangler would otherwise download the Request.cf object and ask about telemetry. */
function wranglerEnv(extra = {}) {
  return { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", ...process.env, ...extra };
}

/**
 * Run wrangler with its output captured. `input` goes to its stdin, which is how a secret reaches
 * `wrangler secret put`: never through argv, where any process listing would show it.
 * @param {string[]} args
 * @param {{ input?: string, env?: Record<string, string> }} [options]
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
export function captureWrangler(args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(WRANGLER, args, {
      env: wranglerEnv(options.env),
      stdio: ["pipe", "pipe", "pipe"],
      shell: process.platform === "win32",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => resolve({ code: 127, stdout, stderr: `${stderr}${error.message}` }));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.on("error", () => {}); // a wrangler that exits without reading its input
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Run wrangler on the user's terminal (its progress, and its questions when it has any, such as
 * which KV namespace to use on a first deploy).
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 * @returns {Promise<number>}
 */
export function runWrangler(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(WRANGLER, args, {
      env: wranglerEnv(env),
      stdio: "inherit",
      shell: process.platform === "win32",
    });
    child.on("error", () => resolve(127));
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/** The last few non-empty lines of wrangler's output: its error, without the banner and noise. */
export function tail(text, lines = 4) {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "")
    .slice(-lines)
    .join("\n");
}

/**
 * What setup needs from wrangler.toml. Not a TOML parser: it reads the few keys Outpost's own file
 * writes, each as `key = "value"` on its own line, which is how that file is laid out.
 * @param {string} path
 */
export function readWranglerToml(path) {
  const text = readFileSync(path, "utf8");
  const sections = text.split(/^(?=\[)/m);
  const top = sections[0];
  const value = (section, key) => section.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "m"))?.[1];
  const vars = sections.find((section) => /^\[vars\]/.test(section)) ?? "";
  return {
    name: value(top, "name"),
    accountId: value(top, "account_id"),
    publicUrl: value(vars, "PUBLIC_URL")?.trim() || undefined,
    buckets: sections
      .filter((section) => /^\[\[r2_buckets\]\]/.test(section))
      .map((section) => value(section, "bucket_name"))
      .filter((name) => name !== undefined),
  };
}
