import { fail, pass, skip, warn } from "../report.mjs";
import { call, isLoopbackHost } from "../target.mjs";

/** RFC 8414 §3.1: the well-known suffix goes between the host and the issuer's path. */
export function authorizationServerMetadataUrl(issuer) {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, "");
  return `${url.origin}/.well-known/oauth-authorization-server${path}`;
}

function secureUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

/**
 * RFC 8414 authorization-server metadata as Claude uses it: the exact issuer (clients reject any
 * other, RFC 8414 §3.3 and MCP 2026-07-28 SEP-2351), PKCE S256, a way to get a client id (DCR or
 * Client ID Metadata Documents) and RFC 9207 `iss` in authorization responses.
 */
export async function checkAuthorizationServer(ctx) {
  const { target } = ctx;
  const issuer = ctx.prm?.authorization_servers?.[0];
  if (typeof issuer !== "string")
    return [
      skip("as", "Authorization-server metadata", "no authorization server named in the protected-resource metadata"),
    ];
  let url;
  try {
    url = authorizationServerMetadataUrl(issuer);
  } catch {
    return [
      fail(
        "as",
        "Authorization-server metadata",
        `authorization_servers names ${issuer}, not a URL`,
        `Name the issuer's URL, e.g. ${target.origin}.`,
      ),
    ];
  }
  const answer = await call(url, { headers: { Accept: "application/json" } }, ctx.timeoutMs);
  const title = "Authorization-server metadata";
  if (answer.status !== 200 || typeof answer.json !== "object" || answer.json === null) {
    const seen = answer.status === 0 ? answer.error : `${answer.status}${answer.json ? "" : ", not JSON"}`;
    return [fail("as", title, `${new URL(url).pathname}: ${seen}`, `Serve RFC 8414 metadata at ${url}.`)];
  }
  const metadata = answer.json;
  ctx.asm = metadata;
  const findings = [pass("as", title, new URL(url).pathname)];

  if (metadata.issuer === issuer) findings.push(pass("as.issuer", "Issuer", issuer));
  else {
    findings.push(
      fail(
        "as.issuer",
        "Issuer",
        `metadata says ${JSON.stringify(metadata.issuer)}, fetched for ${issuer}`,
        `Make \`issuer\` exactly ${issuer} (same scheme, host, port and path, no trailing slash added or dropped): clients reject any other. With Outpost set PUBLIC_URL to ${target.origin} and deploy.`,
      ),
    );
  }
  if (new URL(issuer).origin !== target.origin) {
    findings.push(
      warn(
        "as.origin",
        "Authorization server on the connector's origin",
        `issuer ${issuer} is on another origin`,
        "Serve the authorization server on the connector's own origin: claude.ai has had bugs with one on another host.",
      ),
    );
  }

  for (const field of ["authorization_endpoint", "token_endpoint"]) {
    if (!secureUrl(metadata[field])) {
      findings.push(
        fail(
          `as.${field}`,
          field,
          metadata[field] ? `${metadata[field]} is not https` : "missing",
          `Publish ${field} as an https URL on ${target.origin}.`,
        ),
      );
    }
  }

  const methods = metadata.code_challenge_methods_supported;
  if (Array.isArray(methods) && methods.includes("S256"))
    findings.push(pass("as.pkce", "PKCE S256", methods.join(", ")));
  else {
    findings.push(
      fail(
        "as.pkce",
        "PKCE S256",
        Array.isArray(methods)
          ? `code_challenge_methods_supported is [${methods.join(", ")}]`
          : "code_challenge_methods_supported is missing",
        'Add "code_challenge_methods_supported": ["S256"]: MCP clients refuse to authorize without it.',
      ),
    );
  }

  const dcr = typeof metadata.registration_endpoint === "string";
  const cimd = metadata.client_id_metadata_document_supported === true;
  const noneAuth =
    Array.isArray(metadata.token_endpoint_auth_methods_supported) &&
    metadata.token_endpoint_auth_methods_supported.includes("none");
  if (dcr || cimd) {
    const ways = [dcr ? "dynamic registration" : "", cimd ? "client ID metadata documents" : ""]
      .filter(Boolean)
      .join(" and ");
    findings.push(pass("as.clients", "How Claude gets a client id", ways));
  } else {
    findings.push(
      warn(
        "as.clients",
        "How Claude gets a client id",
        "neither registration_endpoint nor client_id_metadata_document_supported",
        'Turn on dynamic client registration (Outpost: DCR_ENABLED = "true"), or every user must paste a client id and secret into Claude by hand.',
      ),
    );
  }
  if (cimd && !noneAuth) {
    findings.push(
      warn(
        "as.cimd",
        "Client ID metadata documents",
        'advertised, but "none" is not in token_endpoint_auth_methods_supported',
        'Add "none" to token_endpoint_auth_methods_supported: Claude uses metadata documents only as a public client.',
      ),
    );
  }

  if (metadata.authorization_response_iss_parameter_supported === true)
    findings.push(pass("as.iss", "iss in authorization responses (RFC 9207)", "advertised"));
  else {
    findings.push(
      warn(
        "as.iss",
        "iss in authorization responses (RFC 9207)",
        "authorization_response_iss_parameter_supported is not true",
        "Send `iss` on every authorization response and advertise authorization_response_iss_parameter_supported: MCP 2026-07-28 clients check it (SEP-2468).",
      ),
    );
  }
  return findings;
}
