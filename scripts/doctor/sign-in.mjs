/**
 * `--sign-in`: get a token the way Claude Code does — a loopback redirect (RFC 8252 §7.3), dynamic
 * registration, PKCE S256, the consent page in the person's browser — so the signed-in checks run
 * without pasting a token. The token lives only in memory for this run.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { fail, pass, skip } from "./report.mjs";
import { call } from "./target.mjs";

const WAIT_MS = 5 * 60_000;
export const SIGN_IN_CLIENT_NAME = "Outpost doctor";

/** Open a URL in the default browser; the URL is printed too, for a machine without one. */
export function openInBrowser(url, log = (line) => process.stderr.write(`${line}\n`)) {
  log(`Opening the sign-in page in your browser. If none opens, visit:\n  ${url}`);
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
  } catch {
    // No opener: the printed URL is the way.
  }
}

/** One callback on 127.0.0.1, on a port the system picks; resolves with its query. */
async function listenForCallback() {
  let deliver;
  const received = new Promise((resolve) => (deliver = resolve));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { "Content-Type": "text/plain; charset=utf-8" })
      .end("Signed in. You can close this tab and return to the terminal.");
    deliver(url.searchParams);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export async function signInLoopback(ctx) {
  const title = "Sign-in as Claude Code does (loopback, PKCE)";
  const { asm, prm } = ctx;
  if (!asm?.authorization_endpoint || !asm?.token_endpoint)
    return skip("signin.loopback", title, "no usable authorization-server metadata");
  if (typeof asm.registration_endpoint !== "string")
    return skip("signin.loopback", title, "no registration endpoint; pass --token instead");
  const callback = await listenForCallback();
  try {
    const registered = await call(
      asm.registration_endpoint,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({
          client_name: SIGN_IN_CLIENT_NAME,
          redirect_uris: [callback.redirectUri],
          token_endpoint_auth_method: "none",
          grant_types: ["authorization_code", "refresh_token"],
          response_types: ["code"],
        }),
      },
      ctx.timeoutMs,
    );
    const clientId = registered.json?.client_id;
    if (typeof clientId !== "string")
      return fail(
        "signin.loopback",
        title,
        `registration answered ${registered.status || registered.error}`,
        "See the registration check above.",
      );
    const verifier = randomBytes(32).toString("base64url");
    const state = randomBytes(16).toString("base64url");
    const resource = prm?.resource ?? ctx.target.origin;
    const scopes = (prm?.scopes_supported ?? []).filter((scope) => scope !== "offline_access");
    const authorize = new URL(asm.authorization_endpoint);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: callback.redirectUri,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      state,
      scope: [...scopes, "offline_access"].join(" "),
      resource,
    }).toString();
    await (ctx.openBrowser ?? openInBrowser)(authorize.href);
    const timer = new Promise((resolve) => setTimeout(() => resolve(undefined), ctx.signInWaitMs ?? WAIT_MS).unref());
    const query = await Promise.race([callback.received, timer]);
    if (!query)
      return fail(
        "signin.loopback",
        title,
        `no answer within ${Math.round((ctx.signInWaitMs ?? WAIT_MS) / 1000)} s`,
        "Approve the consent page in the browser, or pass --token.",
      );
    if (query.get("state") !== state)
      return fail(
        "signin.loopback",
        title,
        "the callback's state does not match",
        "The authorization server must return the client's state unchanged.",
      );
    if (query.get("error"))
      return fail(
        "signin.loopback",
        title,
        `the server answered error=${query.get("error")}`,
        "Approve the consent page, or read what it says is wrong.",
      );
    const iss = query.get("iss");
    if (asm.authorization_response_iss_parameter_supported === true && iss !== asm.issuer) {
      return fail(
        "signin.loopback",
        title,
        `iss in the callback is ${iss ?? "missing"}, not ${asm.issuer}`,
        "Send the metadata's exact issuer as iss on every authorization response (RFC 9207).",
      );
    }
    const exchanged = await call(
      asm.token_endpoint,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: query.get("code") ?? "",
          redirect_uri: callback.redirectUri,
          client_id: clientId,
          code_verifier: verifier,
          resource,
        }),
      },
      ctx.timeoutMs,
    );
    const token = exchanged.json?.access_token;
    if (exchanged.status !== 200 || typeof token !== "string") {
      return fail(
        "signin.loopback",
        title,
        `the token exchange answered ${exchanged.status || exchanged.error} ${exchanged.json?.error ?? ""}`.trim(),
        "Check the token endpoint: PKCE S256, the resource parameter, a public client.",
      );
    }
    ctx.token = token;
    ctx.secrets.push(token);
    if (typeof exchanged.json.refresh_token === "string") ctx.secrets.push(exchanged.json.refresh_token);
    return pass(
      "signin.loopback",
      title,
      `signed in as "${SIGN_IN_CLIENT_NAME}"${exchanged.json.refresh_token ? ", with a refresh token" : ""}`,
    );
  } finally {
    await callback.close();
  }
}
