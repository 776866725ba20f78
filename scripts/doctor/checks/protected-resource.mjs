import { fail, pass, warn } from "../report.mjs";
import { call } from "../target.mjs";

/**
 * Whether `resource` covers the endpoint the way MCP clients check it (the SDK's
 * checkResourceAllowed): same origin, and the endpoint's path at or below the resource's path.
 * RFC 8707 §2.2 lets a server use a more general resource than the URL the client started from.
 */
export function resourceCovers(resource, endpoint) {
  let configured;
  try {
    configured = new URL(resource);
  } catch {
    return false;
  }
  const requested = new URL(endpoint);
  if (configured.origin !== requested.origin) return false;
  const withSlash = (path) => (path.endsWith("/") ? path : `${path}/`);
  return withSlash(requested.pathname).startsWith(withSlash(configured.pathname));
}

/** The URLs clients probe for RFC 9728 metadata: path-inserted for each endpoint (§3.1), then the root. */
export function metadataUrls(target) {
  const paths = new Set([new URL(target.mcp).pathname, new URL(target.sse).pathname]);
  return [
    `${target.origin}/.well-known/oauth-protected-resource`,
    ...[...paths].map((path) => `${target.origin}/.well-known/oauth-protected-resource${path}`),
  ];
}

/** RFC 9728 protected-resource metadata at every path Claude and the SDKs probe. */
export async function checkProtectedResource(ctx) {
  const { target } = ctx;
  const findings = [];
  for (const url of metadataUrls(target)) {
    const path = new URL(url).pathname;
    const id = `prm${path.replace("/.well-known/oauth-protected-resource", "") || ""}`
      .replace(/\//g, ".")
      .replace(/\.$/, "");
    const title = `Protected-resource metadata at ${path}`;
    const answer = await call(url, { headers: { Accept: "application/json" } }, ctx.timeoutMs);
    if (answer.status !== 200 || typeof answer.json !== "object" || answer.json === null) {
      const seen = answer.status === 0 ? answer.error : `${answer.status}${answer.json ? "" : ", not JSON"}`;
      findings.push(
        fail(
          id,
          title,
          seen,
          `Serve RFC 9728 metadata (JSON, 200) at ${path}: Claude probes it before anything else. Outpost serves it from OAuthProvider and maps the path-inserted forms in src/worker/aliases.ts.`,
        ),
      );
      continue;
    }
    const metadata = answer.json;
    ctx.prm ??= metadata;
    const servers = Array.isArray(metadata.authorization_servers) ? metadata.authorization_servers : [];
    if (typeof metadata.resource !== "string") {
      findings.push(fail(id, title, "no `resource`", `Add "resource": "${target.origin}" (or "${target.endpoint}").`));
    } else if (!resourceCovers(metadata.resource, target.endpoint)) {
      findings.push(
        fail(
          id,
          title,
          `resource is ${metadata.resource}, which does not cover ${target.endpoint}`,
          `Make \`resource\` ${target.endpoint} or its origin ${target.origin}. With Outpost set PUBLIC_URL to ${target.origin} (wrangler.toml [vars]) and deploy.`,
        ),
      );
    } else if (servers.length === 0) {
      findings.push(
        fail(
          id,
          title,
          "no authorization_servers",
          `List the authorization server, e.g. "authorization_servers": ["${target.origin}"].`,
        ),
      );
    } else {
      const note = metadata.resource === target.endpoint ? "" : " (a more general resource, RFC 8707 §2.2)";
      findings.push(pass(id, title, `resource ${metadata.resource}${note}`));
    }
    if (Array.isArray(metadata.scopes_supported) && metadata.scopes_supported.includes("offline_access")) {
      findings.push(
        warn(
          `${id}.scopes`,
          `${title}: scopes`,
          "lists offline_access",
          "Keep offline_access out of protected-resource metadata and challenges (MCP 2026-07-28, SEP-2207); the authorization server lists it.",
        ),
      );
    }
  }
  return findings;
}
