#!/usr/bin/env node
// `npm run dev [-- wrangler flags]`: creates .dev.vars with a random owner passphrase on first
// start, then runs `wrangler dev` with every flag passed through (--port, --ip, --persist-to …).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const devVars = resolve(".dev.vars");
if (!existsSync(devVars)) {
  const passphrase = randomBytes(18).toString("base64url");
  const notifyKey = randomBytes(32).toString("base64");
  const consentSecret = randomBytes(32).toString("base64url");
  writeFileSync(
    devVars,
    `# Local secrets for \`npm run dev\`; never commit this file.\nOWNER_PASSPHRASE="${passphrase}"\nNOTIFY_ENCRYPTION_KEY="${notifyKey}"\nCONSENT_COOKIE_SECRET="${consentSecret}"\n`,
    { mode: 0o600 },
  );
  console.log(`\nOutpost: created .dev.vars with a new owner passphrase.`);
  console.log(`  Open ${devVars} to read it; you type it on the consent page when a client connects.\n`);
} else {
  console.log(`Outpost: the owner passphrase is in ${devVars} (OWNER_PASSPHRASE).`);
}

const env = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", ...process.env };
const child = spawn("wrangler", ["dev", ...process.argv.slice(2)], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
