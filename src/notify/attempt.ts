/**
 * One delivery attempt and what to do next. Retry on network errors, timeouts, 408, 429 and 5xx;
 * give up on any other 4xx (the URL or payload is wrong and will stay wrong). Redirects are
 * followed only within the same origin, re-checked by the URL guard: a webhook must not be able
 * to bounce the server to another host.
 */
import type { OutboundRequest } from "./services";

export type AttemptOutcome =
  | { kind: "delivered"; status: number }
  | { kind: "retry"; status: number | null; reason: string; retryAfterMs?: number }
  | { kind: "failed"; status: number | null; reason: string };

export interface AttemptOptions {
  timeoutMs: number;
  /** Re-checks a redirect target; returns a reason to refuse it. */
  checkRedirect(url: URL): string | undefined;
  fetcher?: typeof fetch;
}

const MAX_REDIRECTS = 3;

export async function attemptDelivery(request: OutboundRequest, options: AttemptOptions): Promise<AttemptOutcome> {
  const fetcher = options.fetcher ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = new URL(request.url);
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetcher(url.href, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        redirect: "manual",
        signal,
      });
      // The body is never read into logs or results; drain it so the connection is released.
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get("Location");
        const next = location ? safeUrl(location, url) : undefined;
        if (!next)
          return {
            kind: "failed",
            status: response.status,
            reason: `The service answered ${response.status} without a usable redirect location.`,
          };
        if (next.origin !== url.origin) {
          return {
            kind: "failed",
            status: response.status,
            reason: `The service redirected to another host (${next.hostname}); redirects to other hosts are not followed. Update the channel URL.`,
          };
        }
        const refused = options.checkRedirect(next);
        if (refused) return { kind: "failed", status: response.status, reason: refused };
        if (hop >= MAX_REDIRECTS)
          return { kind: "failed", status: response.status, reason: `More than ${MAX_REDIRECTS} redirects.` };
        url = next;
        continue;
      }
      return classify(response);
    }
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return {
      kind: "retry",
      status: null,
      reason: timedOut
        ? `No answer within ${options.timeoutMs / 1000} seconds.`
        : "The service could not be reached (network error).",
    };
  }
}

function classify(response: Response): AttemptOutcome {
  const status = response.status;
  if (status >= 200 && status < 300) return { kind: "delivered", status };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
    return {
      kind: "retry",
      status,
      reason: `The service answered ${status}${describe(status)}.`,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    };
  }
  return {
    kind: "failed",
    status,
    reason: `The service refused the message with ${status}${describe(status)}; retrying would not help.${advice(status)}`,
  };
}

function describe(status: number): string {
  const names: Record<number, string> = {
    400: " (bad request)",
    401: " (unauthorized)",
    403: " (forbidden)",
    404: " (not found)",
    408: " (timeout)",
    410: " (gone)",
    413: " (too large)",
    429: " (too many requests)",
    500: " (server error)",
    502: " (bad gateway)",
    503: " (unavailable)",
    504: " (gateway timeout)",
  };
  return names[status] ?? "";
}

function advice(status: number): string {
  if (status === 404 || status === 410) return " The webhook may have been deleted: create a new one and add it again.";
  if (status === 401 || status === 403)
    return " The URL is no longer authorized: create a new webhook and add it again.";
  return "";
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}
