/**
 * The three servers each scenario measures, started fresh (own port, own storage) by the caller:
 * the floor, the template baseline and Outpost. Each target says how to get a token, which tool
 * call is its "add", and how to judge that call's result.
 */
import { randomBytes } from "node:crypto";
import { startBenchWorker } from "./harness.mjs";

const textOf = (result) => (result?.content ?? []).filter((block) => block.type === "text").map((block) => block.text).join("\n");

/** The template's `add`: must answer the sum. */
const ADD = {
  name: "add",
  arguments: { a: 2, b: 3 },
  check: (result) => (result?.isError ? `isError: ${textOf(result)}` : textOf(result) === "5" ? undefined : `add(2, 3) answered ${JSON.stringify(textOf(result))}`),
};

/** Outpost's cheapest tool call: session_recall on an empty scratchpad (read-only, no arguments). */
const RECALL = {
  name: "session_recall",
  arguments: {},
  check: (result) =>
    result?.isError
      ? `isError: ${textOf(result)}`
      : result?.structuredContent?.total === 0
        ? undefined
        : `session_recall answered ${JSON.stringify(result).slice(0, 200)}`,
};

export async function startFloor(harness) {
  const server = await startBenchWorker({ harness, configPath: "bench/floor/wrangler.toml" });
  return { name: "floor", label: "Floor (fixed JSON)", mcp: false, url: server.url, token: undefined, tool: undefined, stop: server.stop };
}

/**
 * The template's token, obtained the way a client would: register (DCR), send the browser to
 * /authorize (which approves at once and redirects with a code), exchange the code with PKCE.
 */
async function templateToken(harness, base) {
  const client = await harness.registerClient(base, "outpost-bench");
  const { verifier, challenge } = harness.pkcePair();
  const authorize = new URL("/authorize", base);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: harness.REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: randomBytes(8).toString("hex"),
    resource: new URL(base).origin,
  }).toString();
  const approved = await fetch(authorize, { redirect: "manual" });
  const location = approved.headers.get("Location");
  const code = location && new URL(location, base).searchParams.get("code");
  if (!code) throw new Error(`template /authorize: ${approved.status} ${(await approved.text()).slice(0, 300)}`);
  const response = await harness.tokenRequest(base, {
    grant_type: "authorization_code",
    code,
    redirect_uri: harness.REDIRECT_URI,
    client_id: client.client_id,
    code_verifier: verifier,
    resource: new URL(base).origin,
  });
  if (response.status !== 200) throw new Error(`template token exchange: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

export async function startTemplate(harness) {
  const server = await startBenchWorker({ harness, configPath: "bench/template/wrangler.toml" });
  try {
    const token = await templateToken(harness, server.url);
    return { name: "template", label: "Template baseline", mcp: true, url: server.url, token, tool: ADD, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The real connector under `wrangler dev` (the e2e harness), signed in through its consent page. */
export async function startOutpost(harness) {
  const server = await harness.startDevServer();
  try {
    const { tokens } = await harness.signIn(server.url, { passphrase: server.passphrase, clientName: "outpost-bench" });
    return { name: "outpost", label: "Outpost", mcp: true, url: server.url, token: tokens.access_token, tool: RECALL, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
