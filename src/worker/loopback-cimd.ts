/**
 * Client ID Metadata Documents served from this machine, for local development only.
 *
 * The OAuth provider resolves a client id as a metadata document only when it is an https URL
 * (draft-ietf-oauth-client-id-metadata-document §3), and `global_fetch_strictly_public` keeps its
 * fetches off loopback. A client under development can only serve its document over plain http on
 * loopback, so when the request itself arrived on a loopback host (never true in production) the
 * worker fetches such a document itself, checks it as the draft requires, and stores it as a
 * registered public client under exactly that id, in the provider's own record format
 * (`client:<id>` in OAUTH_KV, as `createClient()` writes it). The provider then finds the client
 * as it finds any registered one. https client ids are left to the provider's own CIMD path.
 */
import type { ClientInfo } from "@cloudflare/workers-oauth-provider";
import { CLIENT_METADATA_LIMITS, clientMetadataProblem } from "../auth/client-metadata";
import { isLoopbackHost } from "../lib/host-name";
import { logEvent } from "../lib/log";
import { readBodyLimited } from "../lib/read-body";
import { providerClientRecords } from "./oauth-provider-adapter";
import { readTokenForm } from "./token-form";

/** The bounds on fetching and accepting a loopback document. */
export const LOOPBACK_CIMD_LIMITS = {
  /** The fetch, body included, must finish within this. */
  timeoutMs: 3_000,
  /** The same limit as every client metadata document (`client-metadata.ts`). */
  maxDocumentBytes: CLIENT_METADATA_LIMITS.maxDocumentBytes,
  /** A stored copy older than this is fetched again: documents may change (draft §4.3). */
  refreshSeconds: 300,
} as const;

/** What happened, for logs and tests. */
export type LoopbackCimdOutcome = "not-applicable" | "fresh" | "stored" | "refused";

export interface LoopbackCimdOptions {
  /** The request as the provider will see it (after resource aliasing). */
  request: Request;
  /** OAUTH_KV: where the provider reads registered clients. */
  kv: KVNamespace;
  timeoutMs?: number;
  maxDocumentBytes?: number;
}

/**
 * If `request` is `/authorize` or `/token` on a loopback host and names a loopback http client id
 * URL, make sure a fresh copy of its document is registered (or that no copy is, when the
 * document is now unreachable or invalid, so the provider refuses the client as unknown).
 */
export async function resolveLoopbackClientMetadata(options: LoopbackCimdOptions): Promise<LoopbackCimdOutcome> {
  const { request, kv } = options;
  if (!isLoopbackHost(new URL(request.url).hostname)) return "not-applicable";
  const clientId = await clientIdOf(request);
  if (clientId === undefined || !isLoopbackDocumentUrl(clientId)) return "not-applicable";

  const records = providerClientRecords(kv);
  const stored = await records.read(clientId);
  const now = Math.floor(Date.now() / 1000);
  if (stored?.registrationDate !== undefined && now - stored.registrationDate < LOOPBACK_CIMD_LIMITS.refreshSeconds)
    return "fresh";

  const result = await fetchDocument(
    clientId,
    options.timeoutMs ?? LOOPBACK_CIMD_LIMITS.timeoutMs,
    options.maxDocumentBytes ?? LOOPBACK_CIMD_LIMITS.maxDocumentBytes,
  );
  const client = "document" in result ? toClientRecord(clientId, result.document, now) : result;
  if ("reason" in client) {
    // A stale copy must not outlive a document that no longer validates: the provider's own CIMD
    // path refuses a client whose document it cannot resolve, and so does this one.
    if (stored) await records.remove(clientId);
    logEvent("loopback_cimd_refused", { reason: client.reason });
    return "refused";
  }
  await records.write(client);
  return "stored";
}

async function clientIdOf(request: Request): Promise<string | undefined> {
  const url = new URL(request.url);
  if (url.pathname === "/authorize") return url.searchParams.get("client_id") ?? undefined;
  const form = await readTokenForm(request);
  return form instanceof URLSearchParams ? (form.get("client_id") ?? undefined) : undefined;
}

/** An http URL on a loopback host with a path (draft §3, with http allowed for loopback only). */
export function isLoopbackDocumentUrl(clientId: string): boolean {
  if (clientId !== clientId.trim() || /[\s\\]/.test(clientId) || !/^http:\/\//i.test(clientId)) return false;
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return false;
  }
  if (
    url.protocol !== "http:" ||
    !isLoopbackHost(url.hostname) ||
    url.username ||
    url.password ||
    clientId.includes("#")
  )
    return false;
  // Checked on the raw text: URL parsing would drop the dot segments the draft forbids.
  const afterScheme = clientId.slice("http://".length);
  const path = /^[^/?#]*(\/[^?#]*)/.exec(afterScheme)?.[1];
  if (path === undefined || path === "/") return false;
  return !path.split("/").some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

type Fetched = { document: unknown } | { reason: string };

async function fetchDocument(url: string, timeoutMs: number, maxBytes: number): Promise<Fetched> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // redirect: "manual": a document is served from its own URL (draft §4.1), never from elsewhere.
    const response = await fetch(url, { headers: { Accept: "application/json" }, redirect: "manual", signal });
    if (response.status !== 200) {
      await response.body?.cancel();
      return { reason: response.status >= 300 && response.status < 400 ? "redirect" : `http_${response.status}` };
    }
    const bytes = await readBodyLimited(response, maxBytes);
    if (bytes === undefined) return { reason: "too_large" };
    try {
      return { document: JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)) };
    } catch {
      return { reason: "not_json" };
    }
  } catch {
    return { reason: signal.aborted ? "timeout" : "unreachable" };
  }
}

const SUPPORTED_GRANT_TYPES = ["authorization_code", "refresh_token"];

/**
 * The document as a registered public client, or why it is not one. The draft's rules (§4.1):
 * a JSON object whose `client_id` equals the URL exactly, no shared secret, and here a public
 * client only (`token_endpoint_auth_method` absent or "none"), since nothing else is verifiable.
 */
function toClientRecord(clientId: string, document: unknown, now: number): ClientInfo | { reason: string } {
  if (typeof document !== "object" || document === null || Array.isArray(document)) return { reason: "not_object" };
  const doc = document as Record<string, unknown>;
  if (doc.client_id !== clientId) return { reason: "client_id_mismatch" };
  if ("client_secret" in doc || "client_secret_expires_at" in doc) return { reason: "client_secret" };
  if (doc.token_endpoint_auth_method !== undefined && doc.token_endpoint_auth_method !== "none")
    return { reason: "not_public_client" };

  const redirectUris = doc.redirect_uris;
  if (!Array.isArray(redirectUris) || redirectUris.length === 0 || !redirectUris.every(isListableRedirectUri))
    return { reason: "redirect_uris" };
  const clientName = doc.client_name;
  if (clientName !== undefined && typeof clientName !== "string") return { reason: "client_name" };
  const problem = clientMetadataProblem(doc);
  if (problem)
    return { reason: problem.error === "invalid_redirect_uri" ? "redirect_uris_over_limit" : "field_over_limit" };

  const grantTypes = doc.grant_types ?? ["authorization_code"];
  if (!isStringArray(grantTypes) || !grantTypes.includes("authorization_code")) return { reason: "grant_types" };
  const responseTypes = doc.response_types ?? ["code"];
  if (!isStringArray(responseTypes) || !responseTypes.includes("code")) return { reason: "response_types" };

  return {
    clientId,
    redirectUris,
    ...(typeof clientName === "string" && clientName.trim() ? { clientName: clientName.trim() } : {}),
    // As the provider treats a document: keep what it supports, drop extensions it does not.
    grantTypes: grantTypes.filter((grantType) => SUPPORTED_GRANT_TYPES.includes(grantType)),
    responseTypes: ["code"],
    // The fetch time: the refresh check reads it back.
    registrationDate: now,
    tokenEndpointAuthMethod: "none",
  };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

/** An absolute http(s) URL without a fragment or credentials (RFC 6749 §3.1.2). */
function isListableRedirectUri(value: unknown): value is string {
  if (typeof value !== "string" || value.includes("#")) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
  } catch {
    return false;
  }
}
