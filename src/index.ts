/**
 * Outpost's entry point. OAuthProvider is the outermost handler: it serves OAuth metadata,
 * registration and tokens, checks the bearer token on /mcp and /sse, and hands everything else to
 * the Hono app. See docs/architecture.md for the whole request path.
 */
import { getOAuthApi } from "@cloudflare/workers-oauth-provider";
import { isLoopbackHost, readConfig } from "./config";
import { logEvent } from "./mcp/log";
import { applyResourceAliases } from "./worker/aliases";
import { app } from "./worker/app";
import { jsonError } from "./worker/http-error";
import { resolveLoopbackClientMetadata } from "./worker/loopback-cimd";
import { oauthOptions, oauthProviderFor } from "./worker/oauth";

export { SignInThrottle } from "./auth/throttle";
export { OutpostSession } from "./mcp/agent";
export { Outbox } from "./notify/outbox";
export { Workspace } from "./workspace/workspace";

const defaultHandler: ExportedHandler<Env> = { fetch: (request, env, ctx) => app.fetch(request, env, ctx) };

/**
 * The provider answers some faults with an empty body: 401 on the API routes, 405 for a method
 * other than GET on its metadata documents, 404 for an unknown protected-resource metadata path.
 * Give each a JSON body that tells a person what to do; status and headers (WWW-Authenticate,
 * Allow), which clients act on, are kept as they are. A HEAD answer stays bodiless.
 */
function withJsonErrorBody(request: Request, response: Response): Response {
  if (response.status < 400 || response.body !== null || response.headers.get("Content-Type") || request.method === "HEAD") return response;
  const body = emptyFaultBody(request, response);
  if (!body) return response;
  const headers = new Headers(response.headers);
  headers.set("Content-Type", "application/json");
  headers.delete("Content-Length");
  return new Response(JSON.stringify(body), { status: response.status, headers });
}

function emptyFaultBody(request: Request, response: Response): { error: string; message: string } | undefined {
  const path = new URL(request.url).pathname;
  switch (response.status) {
    case 401:
      if (!response.headers.has("WWW-Authenticate")) return undefined;
      return {
        error: "unauthorized",
        message: "This MCP endpoint needs an OAuth access token. Add the connector in your MCP client; it will open a sign-in page.",
      };
    case 404:
      return { error: "not_found", message: `Nothing is served at ${path}.` };
    case 405: {
      const allowed = (response.headers.get("Allow") ?? "").split(",").map((method) => method.trim()).filter(Boolean);
      const use = allowed.length > 1 ? `${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}` : (allowed[0] ?? "another method");
      return { error: "method_not_allowed", message: `${request.method} is not supported on ${path}; use ${use}.` };
    }
    default:
      return undefined;
  }
}

/**
 * Plain http is only ever a local server (`wrangler dev`); Cloudflare serves https. A request that
 * arrives over http under a name that is not loopback is a DNS-rebinding attempt against a local
 * server (MCP 2025-11-25, Security Warning on Streamable HTTP) or a misrouted request: never make it
 * an OAuth resource.
 */
function isForeignHttpOrigin(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === "http:" && !isLoopbackHost(url.hostname);
}

async function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const config = readConfig(env);
  const origin = config.publicUrl ?? new URL(request.url).origin;
  if (!config.publicUrl && isForeignHttpOrigin(origin)) {
    return jsonError(
      421,
      "misdirected_request",
      `Outpost does not answer for ${new URL(origin).host} over plain http. Locally, use localhost or 127.0.0.1; deployed, use https or set PUBLIC_URL.`,
    );
  }
  const aliased = await applyResourceAliases(request, origin);
  await resolveLoopbackClientMetadata({ request: aliased, kv: env.OAUTH_KV });
  // The provider stores its helpers on env.OAUTH_PROVIDER only when it is unset, and env lives as
  // long as the isolate: without a per-request copy, the first origin's helpers (and resource)
  // would serve every later origin, and sign-in on localhost would fail after 127.0.0.1 was used.
  const requestEnv = { ...env } as Env;
  const response = await oauthProviderFor(origin, config, defaultHandler).fetch(aliased, requestEnv, ctx);
  return withJsonErrorBody(request, response);
}

export default {
  async fetch(request, env, ctx): Promise<Response> {
    try {
      return await handle(request, env, ctx);
    } catch (error) {
      // Last line of defence: workerd would answer an escaped exception with its message and stack.
      logEvent("worker_crash", { name: error instanceof Error ? error.name : typeof error, path: new URL(request.url).pathname });
      return jsonError(503, "temporarily_unavailable", "Outpost hit an unexpected error. Try again in a moment.");
    }
  },

  /** Cron: purge expired grants, tokens and registrations in bounded batches. */
  async scheduled(_controller, env): Promise<void> {
    const config = readConfig(env);
    const oauth = getOAuthApi(oauthOptions(config.publicUrl ?? "https://outpost.invalid", config, defaultHandler), env);
    let cursor: string | undefined;
    let batches = 0;
    do {
      const result = await oauth.purgeExpiredData({ cursor, batchSize: 500 });
      logEvent("oauth_purge", { grantsPurged: result.grantsPurged, tokensPurged: result.tokensPurged, done: result.done });
      cursor = result.done ? undefined : result.cursor;
    } while (cursor && ++batches < 20);
  },
} satisfies ExportedHandler<Env>;
