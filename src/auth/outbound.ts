/**
 * Every request Outpost makes to an identity provider goes through here: HTTPS only (plain HTTP to
 * a loopback address only while Outpost itself runs on loopback), no redirects followed, a time
 * limit and a size limit. `global_fetch_strictly_public` already keeps deployed fetches off private
 * networks; these checks also hold under `wrangler dev`, where that flag does not apply.
 */
import { isLoopbackHost } from "../lib/host-name";
import { privateAddressReason } from "../lib/outbound-address";
import { readBodyLimited } from "../lib/read-body";

/** How long one call to an identity provider may take. */
export const UPSTREAM_TIMEOUT_MS = 5_000;
/** Largest answer read from an identity provider (discovery, keys, tokens, profiles). */
export const UPSTREAM_MAX_BYTES = 256 * 1024;

/** A provider could not be reached or answered something unusable: never the user's fault. */
export class UpstreamUnavailable extends Error {
  override name = "UpstreamUnavailable";
}

export interface OutboundPolicy {
  /** Outpost is being served on a loopback host (local development and tests). */
  allowLoopbackHttp: boolean;
}

/** Whether `url` may be fetched under `policy`; returns the reason when not. */
export function refuseUrl(url: URL, policy: OutboundPolicy): string | undefined {
  if (url.username || url.password) return "it carries credentials";
  if (url.protocol === "https:") {
    if (isLoopbackHost(url.hostname) && !policy.allowLoopbackHttp) return "it points at this machine";
    if (privateAddressReason(url.hostname)) return "it points at a private network address";
    return undefined;
  }
  if (url.protocol === "http:" && policy.allowLoopbackHttp && isLoopbackHost(url.hostname)) return undefined;
  return "it does not use HTTPS";
}

/**
 * Fetch `url` within the limits and return its status and text. Network failures, redirects,
 * oversized bodies and 5xx answers throw `UpstreamUnavailable`; 4xx answers are returned, because
 * token endpoints report a bad code as 400 JSON, which the caller must read.
 */
export async function fetchLimited(
  url: string | URL,
  init: RequestInit,
  policy: OutboundPolicy,
): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  const refused = refuseUrl(target, policy);
  if (refused) throw new UpstreamUnavailable(`Refused to contact ${target.origin}: ${refused}.`);
  let response: Response;
  try {
    response = await fetch(target, { ...init, redirect: "manual", signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) });
  } catch {
    throw new UpstreamUnavailable(`${target.origin} did not answer.`);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new UpstreamUnavailable(`${target.origin} answered with a redirect.`);
  }
  const text = await readLimited(response, target.origin);
  if (response.status >= 500) throw new UpstreamUnavailable(`${target.origin} answered ${response.status}.`);
  return { status: response.status, text };
}

/** `fetchLimited`, then JSON: a body that does not parse throws `UpstreamUnavailable`. */
export async function fetchJson(
  url: string | URL,
  init: RequestInit,
  policy: OutboundPolicy,
): Promise<{ status: number; body: unknown }> {
  const { status, text } = await fetchLimited(url, init, policy);
  try {
    return { status, body: text ? JSON.parse(text) : undefined };
  } catch {
    throw new UpstreamUnavailable(`${new URL(url).origin} answered ${status} with something other than JSON.`);
  }
}

async function readLimited(response: Response, origin: string): Promise<string> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readBodyLimited(response, UPSTREAM_MAX_BYTES);
  } catch {
    throw new UpstreamUnavailable(`${origin} broke off its answer.`);
  }
  if (!bytes) throw new UpstreamUnavailable(`${origin} sent more than ${UPSTREAM_MAX_BYTES} bytes.`);
  return new TextDecoder().decode(bytes);
}
