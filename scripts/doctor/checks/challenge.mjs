import { MODERN_VERSION } from "../claude.mjs";
import { fail, pass, warn } from "../report.mjs";
import { call, discoverHeaders, discoverMessage, INITIALIZE, rpcInit } from "../target.mjs";
import { resourceCovers } from "./protected-resource.mjs";

/** The auth-params of a `Bearer` challenge (RFC 6750 §3), or undefined when there is none. */
export function parseBearerChallenge(header) {
  if (!header) return undefined;
  const match = /(?:^|,\s*)Bearer(?:\s+(.*))?$/i.exec(header.trim()) ?? /^Bearer\b(.*)$/i.exec(header.trim());
  if (!match) return undefined;
  const params = {};
  for (const param of (match[1] ?? "").matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[(param[1] ?? "").toLowerCase()] = param[2] ?? param[3] ?? "";
  }
  return params;
}

/**
 * An unauthenticated request must get 401 before any other validation (Claude's pre-OAuth probe
 * reads a 400 as "unreachable"), with a Bearer challenge whose `resource_metadata` is an absolute
 * URL (claude.ai silently ignores a relative one) that serves metadata covering the endpoint.
 */
async function challengeFinding(ctx, id, title, url, init) {
  const answer = await call(url, init, ctx.timeoutMs);
  if (answer.status === 0) return fail(id, title, answer.error, "Check that the server is up and the URL is right.");
  const location = answer.headers.get("Location") ?? "";
  if (answer.status >= 300 && answer.status < 400 && /\.cloudflareaccess\.com\b/i.test(location)) {
    return fail(
      id,
      title,
      `answered ${answer.status}: Cloudflare Access redirects to its own sign-in`,
      "Claude's backend cannot pass Cloudflare Access: add a Bypass policy for /mcp, /sse, /.well-known/*, /register, /token and /authorize in the Access application (the connector's own OAuth protects them).",
    );
  }
  if (answer.status !== 401) {
    return fail(
      id,
      title,
      `answered ${answer.status}, not 401`,
      'Check the bearer token before anything else and answer 401 with a WWW-Authenticate challenge: Claude reads any other status as "couldn\'t connect".',
    );
  }
  const challenge = parseBearerChallenge(answer.headers.get("WWW-Authenticate"));
  if (!challenge)
    return fail(
      id,
      title,
      "401 without a Bearer WWW-Authenticate header",
      'Add WWW-Authenticate: Bearer resource_metadata="<absolute URL of /.well-known/oauth-protected-resource>".',
    );
  const pointer = challenge.resource_metadata;
  if (!pointer)
    return fail(
      id,
      title,
      "the challenge has no resource_metadata",
      `Add resource_metadata="${ctx.target.origin}/.well-known/oauth-protected-resource" to the challenge.`,
    );
  let absolute;
  try {
    absolute = new URL(pointer);
  } catch {
    return fail(
      id,
      title,
      `resource_metadata is relative (${pointer})`,
      `Make it absolute: resource_metadata="${new URL(pointer, ctx.target.origin)}". claude.ai ignores a relative one and never finds the sign-in.`,
    );
  }
  const metadata = await call(absolute.href, { headers: { Accept: "application/json" } }, ctx.timeoutMs);
  const resource = metadata.json?.resource;
  if (metadata.status !== 200 || typeof resource !== "string" || !resourceCovers(resource, ctx.target.endpoint)) {
    const seen =
      metadata.status !== 200 ? `answers ${metadata.status || metadata.error}` : `names resource ${resource}`;
    return fail(
      id,
      title,
      `resource_metadata ${absolute.href} ${seen}`,
      `Point resource_metadata at ${ctx.target.origin}/.well-known/oauth-protected-resource, and make its resource cover ${ctx.target.endpoint}.`,
    );
  }
  const scope = challenge.scope ? `, scope="${challenge.scope.split(" ").length} scopes"` : "";
  return pass(id, title, `401 with resource_metadata ${absolute.href}${scope}`);
}

export async function checkChallenges(ctx) {
  const { target } = ctx;
  const findings = [
    await challengeFinding(
      ctx,
      "challenge.mcp",
      "401 challenge on /mcp (2025 initialize)",
      target.mcp,
      rpcInit(INITIALIZE),
    ),
    await challengeFinding(
      ctx,
      "challenge.modern",
      `401 challenge on /mcp (${MODERN_VERSION} server/discover)`,
      target.mcp,
      rpcInit(discoverMessage(MODERN_VERSION), discoverHeaders(MODERN_VERSION)),
    ),
  ];
  const sse = await challengeFinding(ctx, "challenge.sse", "401 challenge on /sse (legacy HTTP+SSE)", target.sse, {
    headers: { Accept: "text/event-stream" },
  });
  // Legacy SSE is optional (Claude prefers Streamable HTTP); a server without it should say 404/405, not 200.
  if (sse.status === "fail" && /answered (404|405|410)/.test(sse.detail)) {
    findings.push(
      warn(
        sse.id,
        sse.title,
        `${sse.detail}: no legacy SSE endpoint`,
        "Nothing to do unless a client needs HTTP+SSE: Claude uses Streamable HTTP at /mcp.",
      ),
    );
  } else findings.push(sse);
  return findings;
}
