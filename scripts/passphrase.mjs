#!/usr/bin/env node
// `npm run -s passphrase`: print the local owner passphrase from .dev.vars, for the consent page.
import { resolve } from "node:path";
import { DEV_VARS_FILE, readDevVar } from "./dev-vars.mjs";

const passphrase = readDevVar(resolve(DEV_VARS_FILE), "OWNER_PASSPHRASE");
if (!passphrase) {
  console.error(`No OWNER_PASSPHRASE in ${DEV_VARS_FILE} yet: \`npm run dev\` creates it on its first start.`);
  process.exit(1);
}
console.log(passphrase);
