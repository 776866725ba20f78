// The local secrets file `npm run dev` creates (`.dev.vars`, read by `wrangler dev`), shared by the
// dev, passphrase and types scripts so all three agree on its name and keys.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { GENERATED_SECRETS } from "./secrets.mjs";

export const DEV_VARS_FILE = ".dev.vars";

/**
 * Every secret `npm run dev` generates, in file order: the ones a deployment generates too
 * (scripts/secrets.mjs). wrangler counts these names into the Env type (and its hash in
 * worker-configuration.d.ts), so `npm run types` generates from this list.
 */
export const LOCAL_SECRETS = GENERATED_SECRETS;

/**
 * Create `path` with fresh secrets (mode 600) unless it exists. Returns whether it was created.
 * @param {string} path
 */
export function ensureDevVars(path) {
  if (existsSync(path)) return false;
  const lines = Object.entries(LOCAL_SECRETS).map(([name, generate]) => `${name}="${generate()}"`);
  writeFileSync(path, `# Local secrets for \`npm run dev\`; never commit this file.\n${lines.join("\n")}\n`, {
    mode: 0o600,
  });
  return true;
}

/**
 * One value from a `.dev.vars` file, or undefined when the file or the key is missing.
 * @param {string} path
 * @param {string} name
 * @returns {string | undefined}
 */
export function readDevVar(path, name) {
  if (!existsSync(path)) return undefined;
  return parseEnv(readFileSync(path, "utf8"))[name];
}
