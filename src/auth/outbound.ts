/**
 * Every request Outpost makes to an identity provider goes through here: HTTPS only (plain HTTP to
 * a loopback address only while Outpost itself runs on loopback), no redirects followed, a time
 * limit and a size limit. `global_fetch_strictly_public` already keeps deployed fetches off private
 * networks; these checks also hold under `wrangler dev`, where that flag does not apply.
 */

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
    if (isPrivateAddress(url.hostname)) return "it points at a private network address";
    return undefined;
  }
  if (url.protocol === "http:" && policy.allowLoopbackHttp && isLoopbackHost(url.hostname)) return undefined;
  return "it does not use HTTPS";
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "::1";
}

/** IP literals outside the public internet (RFC 1918, link-local, unique-local, unspecified, CGNAT). */
export function isPrivateAddress(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (!host.includes(":")) return false;
  return host === "::" || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith("::ffff:");
}

/**
 * Fetch `url` within the limits and return its status and text. Network failures, redirects,
 * oversized bodies and 5xx answers throw `UpstreamUnavailable`; 4xx answers are returned, because
 * token endpoints report a bad code as 400 JSON, which the caller must read.
 */
export async function fetchLimited(url: string | URL, init: RequestInit, policy: OutboundPolicy): Promise<{ status: number; text: string }> {
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
export async function fetchJson(url: string | URL, init: RequestInit, policy: OutboundPolicy): Promise<{ status: number; body: unknown }> {
  const { status, text } = await fetchLimited(url, init, policy);
  try {
    return { status, body: text ? JSON.parse(text) : undefined };
  } catch {
    throw new UpstreamUnavailable(`${new URL(url).origin} answered ${status} with something other than JSON.`);
  }
}

async function readLimited(response: Response, origin: string): Promise<string> {
  const declared = Number(response.headers.get("Content-Length") ?? "0");
  if (declared > UPSTREAM_MAX_BYTES) {
    await response.body?.cancel();
    throw new UpstreamUnavailable(`${origin} sent more than ${UPSTREAM_MAX_BYTES} bytes.`);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > UPSTREAM_MAX_BYTES) {
        await reader.cancel();
        throw new UpstreamUnavailable(`${origin} sent more than ${UPSTREAM_MAX_BYTES} bytes.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof UpstreamUnavailable) throw error;
    throw new UpstreamUnavailable(`${origin} broke off its answer.`);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
