#!/usr/bin/env node
// `npm run types`: regenerate worker-configuration.d.ts exactly as `wrangler dev` will check it.
// wrangler counts the secret names in .dev.vars into the Env type and its hash, and `npm run dev`
// creates .dev.vars with LOCAL_SECRETS before wrangler starts. Generating from those names, not from
// whatever .dev.vars this machine happens to have, keeps the committed file in step with a fresh
// clone's first `npm run dev` (otherwise: "Your types might be out of date").
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { LOCAL_SECRETS } from "./dev-vars.mjs";

// Relative, inside the ignored .wrangler folder: wrangler writes this command line into the header.
const namesFile = ".wrangler/dev-vars-names.env";
mkdirSync(".wrangler", { recursive: true });
writeFileSync(
  namesFile,
  Object.keys(LOCAL_SECRETS)
    .map((name) => `${name}=\n`)
    .join(""),
);

const env = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", ...process.env };
const result = spawnSync(
  "wrangler",
  ["types", "--strict-vars=false", "--env-file", namesFile, ...process.argv.slice(2)],
  { stdio: "inherit", env, shell: process.platform === "win32" },
);
process.exit(result.status ?? 1);
