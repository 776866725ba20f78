#!/usr/bin/env node
// `npm run dev [-- wrangler flags]`: creates .dev.vars with a random owner passphrase on first
// start, runs `wrangler dev` with every flag passed through (--port, --ip, --persist-to …), and
// prints where to connect once the server answers.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { banner, choosePort, localOrigin, waitUntilReady } from "./dev-banner.mjs";
import { DEV_VARS_FILE, ensureDevVars } from "./dev-vars.mjs";

if (ensureDevVars(resolve(DEV_VARS_FILE))) {
  console.log(`Outpost: created ${DEV_VARS_FILE} with a new owner passphrase (\`npm run -s passphrase\` prints it).`);
}

const { port, args } = await choosePort(process.argv.slice(2));
const env = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", ...process.env };
// stdio stays inherited, so wrangler keeps its terminal (colours, hotkeys).
const child = spawn("wrangler", ["dev", ...args], { stdio: "inherit", env, shell: process.platform === "win32" });
let exited = false;
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  exited = true;
  process.exit(signal ? 1 : (code ?? 0));
});

const origin = localOrigin(args, port);
if (await waitUntilReady(origin, () => exited)) console.log(banner(origin));
