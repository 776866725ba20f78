#!/usr/bin/env node
// `npm run client:add -- --url <server> [--name "Claude"] [--redirect-uri <uri>]…`, `client:list`
// and `client:remove -- --url <server> <client id>`: operator-registered OAuth clients, for servers
// without dynamic registration and for Claude's custom client ID and secret fields. Talks to the
// server's /account/api/clients with the owner passphrase, taken from OUTPOST_PASSPHRASE or asked
// for without echoing it; it is never printed or logged.
import { parseArgs } from "node:util";
import { PassphraseUnavailable, readOwnerPassphrase } from "./owner-passphrase.mjs";

const API_PATH = "/account/api/clients";
const TIMEOUT_MS = 15_000;

/** Exit codes, for scripts that call this one. */
const EXIT = { ok: 0, failed: 1, usage: 2, auth: 3 };

const USAGE = `Usage:
  npm run client:add -- --url <server> [--name <name>] [--redirect-uri <uri>]...
  npm run client:list -- --url <server>
  npm run client:remove -- --url <server> <client id>

<server> is the connector's address (https://outpost.example.com, or its /mcp URL).
Without --redirect-uri the client gets Claude's two callbacks. The owner passphrase comes from
OUTPOST_PASSPHRASE, or is asked for.`;

class CliError extends Error {
  /** @param {string} message @param {number} code */
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        url: { type: "string" },
        name: { type: "string" },
        "redirect-uri": { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
    });
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : error}\n\n${USAGE}`, EXIT.usage);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!["add", "list", "remove"].includes(command ?? "")) throw new CliError(USAGE, EXIT.usage);
  if (!values.url) throw new CliError(`--url is required.\n\n${USAGE}`, EXIT.usage);
  const origin = serverOrigin(values.url);
  if (command === "remove" && positionals.length !== 1)
    throw new CliError(`Name the client id to remove.\n\n${USAGE}`, EXIT.usage);
  if (command !== "remove" && positionals.length > 0)
    throw new CliError(`Unexpected argument ${positionals[0]}.\n\n${USAGE}`, EXIT.usage);

  const passphrase = await readPassphrase();
  const call = (method, path, body) => request(origin, passphrase, method, path, body);

  if (command === "add") {
    const body = {
      ...(values.name !== undefined ? { client_name: values.name } : {}),
      ...(values["redirect-uri"] ? { redirect_uris: values["redirect-uri"] } : {}),
    };
    const client = await call("POST", API_PATH, body);
    console.log(added(origin, client));
  } else if (command === "list") {
    const { clients } = await call("GET", API_PATH);
    if (clients.length === 0)
      console.log(`No operator clients on ${origin}. Add one with npm run client:add -- --url ${origin}`);
    for (const client of clients) {
      console.log(
        `${client.client_id}  ${client.client_name}  (created ${new Date(client.created_at * 1000).toISOString().slice(0, 10)})`,
      );
      for (const uri of client.redirect_uris) console.log(`    ${uri}`);
    }
  } else {
    await call("DELETE", `${API_PATH}/${encodeURIComponent(positionals[0])}`);
    console.log(`Removed ${positionals[0]} from ${origin}; every sign-in made with it has ended.`);
  }
}

/** The server's origin from what a person would paste: the base URL or the /mcp one. */
function serverOrigin(raw) {
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CliError(
      `${raw} is not a URL. Give the server's address, for example https://outpost.example.com`,
      EXIT.usage,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new CliError(`${raw} is not an http(s) URL.`, EXIT.usage);
  return url.origin;
}

async function request(origin, passphrase, method, path, body) {
  const headers = {
    Authorization: `Basic ${Buffer.from(`owner:${passphrase}`, "utf8").toString("base64")}`,
    Accept: "application/json",
  };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(origin + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error?.cause?.code ?? error?.cause?.message ?? error?.name ?? "unknown error";
    throw new CliError(
      `Could not reach ${origin} (${cause}). Check the address and that the server is running.`,
      EXIT.failed,
    );
  }
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  if (response.ok && json !== undefined) return json;
  const described =
    typeof json?.error_description === "string"
      ? json.error_description
      : typeof json?.message === "string"
        ? json.message
        : undefined;
  if (response.status === 401)
    throw new CliError(`Wrong passphrase for ${origin}. ${described ?? ""}`.trim(), EXIT.auth);
  if (response.status === 429)
    throw new CliError(described ?? "Too many wrong passphrases; wait and try again.", EXIT.auth);
  if (response.status === 503 && json?.error === "not_configured")
    throw new CliError(described ?? "The server has no owner passphrase.", EXIT.auth);
  // This API's own 404 (an unknown client id) carries error_description; a server without the API
  // answers its generic 404 (or a page) instead.
  if (response.status === 404 && typeof json?.error_description !== "string") {
    throw new CliError(
      `${origin} does not offer operator clients (nothing at ${API_PATH}): it is not Outpost, or an older version. A server with dynamic client registration needs no client ID: add the connector in Claude with just its URL.`,
      EXIT.failed,
    );
  }
  if (response.status === 400 || response.status === 404 || response.status === 409)
    throw new CliError(described ?? `The server refused this (${response.status}).`, EXIT.usage);
  throw new CliError(`${origin} answered ${response.status}${described ? `: ${described}` : "."}`, EXIT.failed);
}

function added(origin, client) {
  const claude = client.redirect_uris.some((uri) => /^https:\/\/claude\.(ai|com)\//.test(uri));
  const lines = [
    `Created "${client.client_name}" on ${origin}.`,
    "",
    `  Client ID:     ${client.client_id}`,
    `  Client secret: ${client.client_secret}`,
    "",
    "The secret is shown only this once: the server keeps a hash. Paste it now, or remove this client and add another.",
  ];
  if (claude) {
    lines.push(
      "",
      "In Claude: Settings > Connectors > Add custom connector.",
      `  Remote MCP server URL:  ${origin}/mcp`,
      "  Advanced settings > OAuth Client ID:      the client ID above",
      "  Advanced settings > OAuth Client Secret:  the client secret above",
      "Then Connect, and approve on this server's consent page with the owner passphrase.",
    );
  } else {
    lines.push(
      "",
      `Redirect URIs: ${client.redirect_uris.join(", ")}`,
      `Token endpoint: ${origin}/token (client_secret_basic or client_secret_post).`,
    );
  }
  return lines.join("\n");
}

/** The owner passphrase (owner-passphrase.mjs); none to be had is a usage error here. */
async function readPassphrase() {
  try {
    return await readOwnerPassphrase();
  } catch (error) {
    if (error instanceof PassphraseUnavailable) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

main().then(
  () => process.exit(EXIT.ok),
  (error) => {
    console.error(
      error instanceof CliError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : error}`,
    );
    process.exit(error instanceof CliError ? error.code : EXIT.failed);
  },
);
