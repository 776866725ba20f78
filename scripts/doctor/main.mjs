/**
 * `outpost doctor <url>`: check a live connector against what Claude needs, one line per check.
 * Exit status: 0 when nothing failed, 1 when a check failed, 2 for a usage error.
 */
import { parseArgs } from "node:util";
import { PassphraseUnavailable, readOwnerPassphrase } from "../owner-passphrase.mjs";
import { checkAuthorizationServer } from "./checks/authorization-server.mjs";
import { checkChallenges } from "./checks/challenge.mjs";
import { checkCors } from "./checks/cors.mjs";
import { checkEdge } from "./checks/edge.mjs";
import { checkEras } from "./checks/eras.mjs";
import { checkProtectedResource } from "./checks/protected-resource.mjs";
import { checkRegistration } from "./checks/registration.mjs";
import { checkTransportSecurity } from "./checks/tls.mjs";
import { checkTools } from "./checks/tools.mjs";
import { recordRun, reportRefusal } from "./record-run.mjs";
import { fail, formatJson, formatText, redactor, skip, summarize } from "./report.mjs";
import { signInLoopback } from "./sign-in.mjs";
import { parseTarget } from "./target.mjs";

export const USAGE = `Usage: outpost doctor <url> [--sign-in | --token <access token>] [--json] [--no-register] [--timeout <seconds>] [--report]

  <url>          the connector: https://host, or its endpoint https://host/mcp
  --sign-in      sign in in your browser as Claude Code does (a loopback redirect), then run the
                 signed-in checks: both protocol eras end to end, the tools, the result cap, latency
  --token        an access token for it instead (or OUTPOST_TOKEN)
  --json         print the report as JSON (for CI)
  --no-register  do not register a test client to check Claude's callbacks and the sign-in page
  --timeout      seconds to wait for each request (default 10)
  --report       record this run on the server's status page (/account/status): a summary, no
                 details; needs the owner passphrase (OUTPOST_PASSPHRASE, or asked for)
`;

/** Checks that need nothing but the URL, in the order a client meets them. */
const OPEN_CHECKS = [
  checkTransportSecurity,
  checkProtectedResource,
  checkAuthorizationServer,
  checkChallenges,
  checkCors,
  checkEdge,
  checkRegistration,
];
/** Checks that need a token. */
const TOKEN_CHECKS = [checkEras, checkTools];

/**
 * Run every check against `url`; never throws for a server's fault (a crashing check is a failure).
 * `secrets` collects what must never be printed (a token signed in during the run is added).
 * @param {{ url: string, token?: string, register?: boolean, signIn?: boolean, timeoutMs?: number,
 *   secrets?: (string | undefined)[], openBrowser?: (url: string) => unknown, signInWaitMs?: number }} options
 */
export async function runDoctor({
  url,
  token,
  register = true,
  signIn = false,
  timeoutMs = 10_000,
  secrets = [],
  openBrowser,
  signInWaitMs,
}) {
  const target = parseTarget(url);
  if (!target) throw new UsageError(`Not an http(s) URL: ${url}`);
  const ctx = { target, token, register, timeoutMs, secrets, openBrowser, signInWaitMs };
  const findings = [];
  const run = async (check) => {
    try {
      findings.push(...(await check(ctx)));
    } catch (error) {
      findings.push(
        fail(
          `internal.${check.name}`,
          `${check.name} could not finish`,
          String(error?.message ?? error).split("\n")[0],
          "Run again; if it persists, report it with this line.",
        ),
      );
    }
  };
  for (const check of OPEN_CHECKS) {
    await run(check);
    if (ctx.unreachable) break;
  }
  if (ctx.unreachable) return { target, findings };
  if (!ctx.token && signIn) findings.push(await signInLoopback(ctx));
  if (ctx.token) for (const check of TOKEN_CHECKS) await run(check);
  else if (!signIn)
    findings.push(
      skip(
        "token",
        "Signed-in checks",
        "no token: pass --sign-in, --token or OUTPOST_TOKEN to check both protocol eras, the tools, the result cap and latency",
      ),
    );
  return { target, findings };
}

export class UsageError extends Error {}

/** The owner passphrase for --report, once the target is known to be one that may receive it. */
async function reportPassphrase(url) {
  const target = parseTarget(url);
  if (!target) throw new UsageError(`Not an http(s) URL: ${url}`);
  const refusal = reportRefusal(target);
  if (refusal) throw new UsageError(refusal);
  try {
    return await readOwnerPassphrase();
  } catch (error) {
    if (error instanceof PassphraseUnavailable) throw new UsageError(`--report: ${error.message}`);
    throw error;
  }
}

function parse(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      token: { type: "string" },
      json: { type: "boolean", default: false },
      "no-register": { type: "boolean", default: false },
      "sign-in": { type: "boolean", default: false },
      timeout: { type: "string" },
      report: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return { help: true };
  if (positionals.length !== 1) throw new UsageError("Give exactly one URL.");
  const timeout = values.timeout === undefined ? 10 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 300)
    throw new UsageError("--timeout is a number of seconds between 0 and 300.");
  return {
    url: positionals[0],
    token: values.token ?? process.env.OUTPOST_TOKEN ?? undefined,
    json: values.json,
    register: !values["no-register"],
    signIn: values["sign-in"],
    timeoutMs: timeout * 1000,
    report: values.report,
  };
}

/** The command line: returns the exit status. Output goes through the redactor, always. */
export async function main(argv, out = process.stdout, err = process.stderr) {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    err.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    out.write(USAGE);
    return 0;
  }
  const secrets = [options.token];
  const redact = redactor(secrets);
  try {
    // Asked before the checks, so a prompt does not wait at the end of a run and a bad target stops early.
    const passphrase = options.report ? await reportPassphrase(options.url) : undefined;
    secrets.push(passphrase);
    const { target, findings } = await runDoctor({ ...options, secrets });
    out.write(
      options.json ? formatJson(target.endpoint, findings, redact) : formatText(target.endpoint, findings, redact),
    );
    const status = summarize(findings).fail > 0 ? 1 : 0;
    if (passphrase === undefined) return status;
    // On stderr, so --json output stays one JSON document. A run that was asked to be recorded and
    // was not fails, so CI does not leave the status page showing an older run unnoticed.
    const recorded = await recordRun({ target, findings, passphrase, redact, timeoutMs: options.timeoutMs });
    err.write(`${redact(recorded.ok ? `Recorded this run: ${recorded.statusPage}` : recorded.message)}\n`);
    return recorded.ok ? status : 1;
  } catch (error) {
    err.write(`${redact(String(error?.message ?? error))}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
