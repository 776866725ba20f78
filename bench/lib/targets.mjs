/**
 * The servers each scenario measures, started fresh (own port, own storage) by the caller: the
 * floor, the McpAgent template, the stateless template, and Outpost (one server, measured as two
 * targets: its 2025-era session leg and its 2026-07-28 stateless leg). Each target says how it is
 * spoken to (`kind`: fixed JSON, sessions, or stateless requests), its token, which tool call is its
 * "add", and how to judge that call's result.
 */
import { randomBytes } from "node:crypto";
import { startBenchWorker } from "./harness.mjs";

const textOf = (result) =>
  (result?.content ?? [])
    .filter((block) => block.type === "text")
    .map((block) => block.text)
    .join("\n");

/** The template's `add`: must answer the sum. */
const ADD = {
  name: "add",
  arguments: { a: 2, b: 3 },
  check: (result) =>
    result?.isError
      ? `isError: ${textOf(result)}`
      : textOf(result) === "5"
        ? undefined
        : `add(2, 3) answered ${JSON.stringify(textOf(result))}`,
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

/** Outpost's cheap 2026-07-28 call: `calculate` on a one-step expression (no storage, no network). */
const CALCULATE = {
  name: "calculate",
  arguments: { expression: "2 + 3" },
  check: (result) =>
    result?.isError
      ? `isError: ${textOf(result)}`
      : result?.structuredContent?.result === "5"
        ? undefined
        : `calculate answered ${JSON.stringify(result).slice(0, 200)}`,
};

export async function startFloor(harness) {
  const server = await startBenchWorker({ harness, configPath: "bench/floor/wrangler.toml" });
  return [
    {
      name: "floor",
      label: "Floor (fixed JSON)",
      kind: "fixed",
      url: server.url,
      token: undefined,
      tool: undefined,
      stop: server.stop,
    },
  ];
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

/** A template worker (auto-approving /authorize) and the targets it makes once it has a token. */
async function startTemplateWorker(harness, configPath, targetsOf) {
  const server = await startBenchWorker({ harness, configPath });
  try {
    return targetsOf(server, await templateToken(harness, server.url));
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The McpAgent template: 2025-era sessions in a Durable Object. */
export function startTemplate(harness) {
  return startTemplateWorker(harness, "bench/template/wrangler.toml", (server, token) => [
    {
      name: "template",
      label: "McpAgent template",
      kind: "session",
      url: server.url,
      token,
      tool: ADD,
      stop: server.stop,
    },
  ]);
}

/** The stateless template: agents' createMcpHandler around an SDK v2 server, 2026-07-28 requests. */
export function startStateless(harness) {
  return startTemplateWorker(harness, "bench/stateless/wrangler.toml", (server, token) => [
    {
      name: "stateless",
      label: "Stateless template",
      kind: "stateless",
      url: server.url,
      token,
      tool: ADD,
      stop: server.stop,
    },
  ]);
}

/**
 * The real connector under `wrangler dev` (the e2e harness), signed in through its consent page
 * twice: the session leg with the session toolkit's scopes (as earlier runs measured it), the
 * stateless leg with every scope, so its per-request server registers every tool, as for a full
 * consent. One server, two targets; the first owns stopping it.
 */
export async function startOutpost(harness) {
  const server = await harness.startDevServer();
  try {
    const signIn = (scope) =>
      harness.signIn(server.url, {
        passphrase: server.passphrase,
        clientName: "outpost-bench",
        ...(scope && { scope }),
      });
    const legacy = await signIn();
    const metadata = await (await fetch(new URL("/.well-known/oauth-authorization-server", server.url))).json();
    const modern = await signIn(metadata.scopes_supported.join(" "));
    return [
      {
        name: "outpost",
        label: "Outpost, 2025-era session",
        kind: "session",
        url: server.url,
        token: legacy.tokens.access_token,
        tool: RECALL,
        stop: server.stop,
      },
      {
        name: "outpostModern",
        label: "Outpost, 2026-07-28 stateless",
        kind: "stateless",
        url: server.url,
        token: modern.tokens.access_token,
        tool: CALCULATE,
        stop: async () => {},
      },
    ];
  } catch (error) {
    await server.stop();
    throw error;
  }
}
