/**
 * `npm run setup` against a recording fake wrangler (test/e2e/fixtures/fake-wrangler.mjs) first on
 * PATH: the calls it makes, that a second run rotates nothing, that no secret reaches argv, stdout,
 * stderr or any file but the account's (the passphrase excepted, shown once), and the errors people
 * meet (not signed in, R2 disabled, several accounts, a failed deploy, a failing doctor).
 */
import { execFile } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GENERATED_SECRETS } from "../../scripts/secrets.mjs";
import { childEnv, NODE, REPO_ROOT } from "./harness";

interface Call {
  args: string[];
  accountId: string | null;
  stdinBytes: number;
}

interface Account {
  loggedIn: boolean;
  accounts: { id: string; name: string }[];
  r2Enabled: boolean;
  buckets: string[];
  workerExists: boolean;
  secrets: Record<string, string>;
  url: string;
  deployFails?: boolean;
  failSecretPut?: boolean;
  deploys?: number;
}

let dir: string;
let fakeBin: string;
let healthServer: Server;
let healthHits = 0;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "outpost-setup-test-"));
  fakeBin = join(dir, "bin");
  await mkdir(fakeBin);
  // Named `wrangler` and first on PATH, as the real one is under `npm run`.
  const shim = join(fakeBin, "wrangler");
  await writeFile(shim, `#!/bin/sh\nexec "${NODE}" "${join(REPO_ROOT, "test/e2e/fixtures/fake-wrangler.mjs")}" "$@"\n`);
  await chmod(shim, 0o755);
  await copyFile(join(REPO_ROOT, "wrangler.toml"), join(dir, "wrangler.toml"));
  // The doctor stand-in records the URL it was given and exits with FAKE_DOCTOR_EXIT.
  await writeFile(
    join(dir, "doctor.mjs"),
    'import { appendFileSync } from "node:fs";\nappendFileSync("doctor-calls.txt", process.argv.slice(2).join(" ") + "\\n");\nprocess.exit(Number(process.env.FAKE_DOCTOR_EXIT ?? 0));\n',
  );
  healthServer = createServer((request, response) => {
    if (request.url === "/health") healthHits++;
    response.writeHead(request.url === "/health" ? 200 : 404, { "content-type": "application/json" });
    response.end('{"status":"ok"}');
  });
  await new Promise<void>((done) => healthServer.listen(0, "127.0.0.1", done));
  const address = healthServer.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((done) => healthServer?.close(done));
  await rm(dir, { recursive: true, force: true });
});

async function writeAccount(account: Partial<Account>): Promise<void> {
  const fresh: Account = {
    loggedIn: true,
    accounts: [{ id: "0123456789abcdef0123456789abcdef", name: "Owner's account" }],
    r2Enabled: true,
    buckets: [],
    workerExists: false,
    secrets: {},
    url,
  };
  await writeFile(join(dir, "state.json"), JSON.stringify({ ...fresh, ...account }));
}

/** A secret the fake account holds (failing the test when it holds none). */
function secret(account: Account, name: string): string {
  const value = account.secrets[name];
  if (value === undefined) throw new Error(`the account has no ${name}`);
  return value;
}

const readAccount = async (): Promise<Account> => JSON.parse(await readFile(join(dir, "state.json"), "utf8"));

async function readCalls(): Promise<Call[]> {
  const text = await readFile(join(dir, "calls.jsonl"), "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function setup(
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = childEnv({
    FAKE_WRANGLER_STATE: join(dir, "state.json"),
    FAKE_WRANGLER_CALLS: join(dir, "calls.jsonl"),
    OUTPOST_SETUP_HEALTH_TIMEOUT_MS: "3000",
    ...env,
  });
  if (env.PATH === undefined) base.PATH = [fakeBin, base.PATH].join(delimiter);
  for (const name of ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "OWNER_PASSPHRASE", "WRANGLER"])
    if (!(name in env)) delete base[name];
  return new Promise((done) => {
    execFile(
      NODE,
      [join(REPO_ROOT, "scripts/setup.mjs"), ...args],
      { cwd: dir, env: base, timeout: 30_000 },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const commands = (calls: Call[]) => calls.map((call) => call.args.join(" "));

beforeEach(async () => {
  await rm(join(dir, "calls.jsonl"), { force: true });
  await rm(join(dir, "doctor-calls.txt"), { force: true });
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: "outpost", scripts: { doctor: "node doctor.mjs" } }),
  );
  healthHits = 0;
});

describe("npm run setup", () => {
  it("on a new account: bucket, every generated secret through stdin, deploy, health, doctor", async () => {
    await writeAccount({});
    const run = await setup();
    expect(run.code, run.stderr).toBe(0);
    const calls = await readCalls();
    expect(commands(calls)).toEqual([
      "whoami --json",
      "r2 bucket info outpost-files",
      "r2 bucket create outpost-files",
      "secret list --format json",
      ...Object.keys(GENERATED_SECRETS).map((name) => `secret put ${name}`),
      "deploy",
    ]);
    // The one account is passed on, so no later command stops to ask which account.
    expect(new Set(calls.slice(1).map((call) => call.accountId))).toEqual(
      new Set(["0123456789abcdef0123456789abcdef"]),
    );
    const account = await readAccount();
    expect(Object.keys(account.secrets).sort()).toEqual(Object.keys(GENERATED_SECRETS).sort());
    expect(Buffer.from(secret(account, "NOTIFY_ENCRYPTION_KEY"), "base64")).toHaveLength(32);
    expect(secret(account, "OWNER_PASSPHRASE").length).toBeGreaterThanOrEqual(24);
    expect(secret(account, "CONSENT_COOKIE_SECRET").length).toBeGreaterThanOrEqual(32);
    for (const call of calls.filter((c) => c.args[0] === "secret" && c.args[1] === "put"))
      expect(call.stdinBytes).toBeGreaterThan(0);

    // Secrets: never in argv or stderr; in stdout only the passphrase, once, labelled for the owner.
    const callLog = await readFile(join(dir, "calls.jsonl"), "utf8");
    for (const [name, value] of Object.entries(account.secrets)) {
      expect(callLog, name).not.toContain(value);
      expect(run.stderr, name).not.toContain(value);
      if (name !== "OWNER_PASSPHRASE") expect(run.stdout, name).not.toContain(value);
    }
    expect(run.stdout.split(secret(account, "OWNER_PASSPHRASE"))).toHaveLength(2);
    expect(run.stdout).toMatch(/owner passphrase \(shown only now/);

    expect(run.stdout).toContain(`Outpost is deployed: ${url}`);
    expect(run.stdout).toContain(`${url}/mcp`);
    expect(healthHits).toBeGreaterThan(0);
    expect((await readFile(join(dir, "doctor-calls.txt"), "utf8")).trim()).toBe(url);
  });

  it("run again: nothing rotated, nothing re-created, the passphrase not shown again", async () => {
    const before = await readAccount();
    const run = await setup();
    expect(run.code, run.stderr).toBe(0);
    expect(commands(await readCalls())).toEqual([
      "whoami --json",
      "r2 bucket info outpost-files",
      "secret list --format json",
      "deploy",
    ]);
    const after = await readAccount();
    expect(after.secrets).toEqual(before.secrets);
    expect(after.deploys).toBe((before.deploys ?? 0) + 1);
    expect(run.stdout).not.toContain(secret(before, "OWNER_PASSPHRASE"));
    expect(run.stdout).not.toContain("shown only now");
    for (const name of Object.keys(GENERATED_SECRETS)) expect(run.stdout).toContain(`Secret ${name} is set (kept)`);
  });

  it("--rotate replaces that secret only, and says what rotating it does", async () => {
    const before = await readAccount();
    const run = await setup(["--rotate", "NOTIFY_ENCRYPTION_KEY", "--skip-doctor"]);
    expect(run.code, run.stderr).toBe(0);
    expect(commands(await readCalls())).toContain("secret put NOTIFY_ENCRYPTION_KEY");
    expect(commands(await readCalls()).filter((c) => c.startsWith("secret put"))).toHaveLength(1);
    const after = await readAccount();
    expect(after.secrets.NOTIFY_ENCRYPTION_KEY).not.toBe(before.secrets.NOTIFY_ENCRYPTION_KEY);
    expect(after.secrets.OWNER_PASSPHRASE).toBe(before.secrets.OWNER_PASSPHRASE);
    expect(after.secrets.CONSENT_COOKIE_SECRET).toBe(before.secrets.CONSENT_COOKIE_SECRET);
    expect(run.stdout).toContain("Rotated NOTIFY_ENCRYPTION_KEY. Stored notification channels become unreadable");
    expect(run.stdout).not.toContain(secret(after, "NOTIFY_ENCRYPTION_KEY"));
    await expect(readFile(join(dir, "doctor-calls.txt"), "utf8")).rejects.toThrow();
  });

  it("--rotate OWNER_PASSPHRASE shows the new passphrase once", async () => {
    const before = await readAccount();
    const run = await setup(["--rotate=OWNER_PASSPHRASE", "--skip-doctor"]);
    expect(run.code, run.stderr).toBe(0);
    const after = await readAccount();
    expect(secret(after, "OWNER_PASSPHRASE")).not.toBe(secret(before, "OWNER_PASSPHRASE"));
    expect(run.stdout.split(secret(after, "OWNER_PASSPHRASE"))).toHaveLength(2);
    expect(run.stdout).toContain("device marks are retired");
  });

  it("refuses to rotate what it does not generate, and unknown names, before touching the account", async () => {
    const github = await setup(["--rotate", "GITHUB_CLIENT_SECRET"]);
    expect(github.code).toBe(1);
    expect(github.stderr).toContain("npx wrangler secret put GITHUB_CLIENT_SECRET");
    const unknown = await setup(["--rotate", "OWNER_PASSWORD"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown secret OWNER_PASSWORD");
    expect(await readCalls()).toEqual([]);
  });

  it("a passphrase chosen in the environment is set and never printed", async () => {
    await writeAccount({});
    const chosen = "my own long passphrase for outpost";
    const run = await setup(["--skip-doctor"], { OWNER_PASSPHRASE: chosen });
    expect(run.code, run.stderr).toBe(0);
    expect((await readAccount()).secrets.OWNER_PASSPHRASE).toBe(chosen);
    expect(run.stdout + run.stderr).not.toContain(chosen);
    expect(await readFile(join(dir, "calls.jsonl"), "utf8")).not.toContain(chosen);
  });

  it("not signed in: says how to sign in or use a token, and does nothing else", async () => {
    await writeAccount({ loggedIn: false });
    const run = await setup();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Not signed in to Cloudflare");
    expect(run.stderr).toContain("npx wrangler login");
    expect(run.stderr).toContain("CLOUDFLARE_API_TOKEN");
    expect(commands(await readCalls())).toEqual(["whoami --json"]);
    const withToken = await setup([], { CLOUDFLARE_API_TOKEN: "not-a-real-token" });
    expect(withToken.stderr).toContain("CLOUDFLARE_API_TOKEN is set but Cloudflare refused it");
    expect(withToken.stdout + withToken.stderr).not.toContain("not-a-real-token");
  });

  it("R2 not enabled on the account: says to enable it first, sets no secret and does not deploy", async () => {
    await writeAccount({ r2Enabled: false });
    const run = await setup();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("R2 is not enabled on this Cloudflare account");
    expect(commands(await readCalls())).toEqual(["whoami --json", "r2 bucket info outpost-files"]);
    expect((await readAccount()).secrets).toEqual({});
  });

  it("several accounts: asks for CLOUDFLARE_ACCOUNT_ID and lists them; with it, uses that one", async () => {
    const accounts = [
      { id: "aaaa0000aaaa0000aaaa0000aaaa0000", name: "Personal" },
      { id: "bbbb1111bbbb1111bbbb1111bbbb1111", name: "Team" },
    ];
    await writeAccount({ accounts });
    const run = await setup();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("CLOUDFLARE_ACCOUNT_ID=<id> npm run setup");
    expect(run.stderr).toContain("bbbb1111bbbb1111bbbb1111bbbb1111  Team");
    await rm(join(dir, "calls.jsonl"));
    const team = accounts[1]?.id ?? "";
    const chosen = await setup(["--skip-doctor"], { CLOUDFLARE_ACCOUNT_ID: team });
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(new Set((await readCalls()).map((call) => call.accountId))).toEqual(new Set([team]));
  });

  it("a login that lists no account (an account-scoped token) needs CLOUDFLARE_ACCOUNT_ID", async () => {
    await writeAccount({ accounts: [] });
    const run = await setup();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("can see no Cloudflare account");
    const withId = await setup(["--skip-doctor"], { CLOUDFLARE_ACCOUNT_ID: "cccc2222cccc2222cccc2222cccc2222" });
    expect(withId.code, withId.stderr).toBe(0);
  });

  it("a failed deploy: exit 1 with what to do; the next run keeps the secrets the failed one set", async () => {
    await writeAccount({ deployFails: true, buckets: ["outpost-files"] });
    const failed = await setup();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("The deploy failed");
    expect(failed.stderr).toContain("run `npm run setup` again");
    const afterFailure = await readAccount();
    // The passphrase was shown as soon as it was set: a failed deploy must not lose it.
    expect(failed.stdout).toContain(secret(afterFailure, "OWNER_PASSPHRASE"));
    await writeFile(join(dir, "state.json"), JSON.stringify({ ...afterFailure, deployFails: false }));
    await rm(join(dir, "calls.jsonl"));
    const retried = await setup();
    expect(retried.code, retried.stderr).toBe(0);
    expect(commands(await readCalls()).filter((c) => c.startsWith("secret put"))).toEqual([]);
    expect((await readAccount()).secrets).toEqual(afterFailure.secrets);
  });

  it("a failing secret put stops before the deploy, naming the secret and wrangler's error", async () => {
    await writeAccount({ failSecretPut: true, buckets: ["outpost-files"] });
    const run = await setup();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Setting the secret OWNER_PASSPHRASE failed");
    expect(run.stderr).toContain("Authentication error [code: 10000]");
    expect(commands(await readCalls())).not.toContain("deploy");
    expect(run.stdout).not.toContain("shown only now");
  });

  it("the doctor's verdict is setup's exit code; without a doctor script it says how to check", async () => {
    await writeAccount({ buckets: ["outpost-files"] });
    const failing = await setup([], { FAKE_DOCTOR_EXIT: "1" });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("The deploy worked, but the doctor found problems");
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "outpost", scripts: {} }));
    const noDoctor = await setup();
    expect(noDoctor.code, noDoctor.stderr).toBe(0);
    expect(noDoctor.stdout).toContain(`npm run doctor -- ${url}`);
  });

  it("WRANGLER names another wrangler executable", async () => {
    await writeAccount({ loggedIn: false });
    const run = await setup([], { WRANGLER: join(fakeBin, "wrangler"), PATH: process.env.PATH ?? "" });
    expect(run.stderr).toContain("Not signed in to Cloudflare");
    expect(commands(await readCalls())).toEqual(["whoami --json"]);
  });
});
