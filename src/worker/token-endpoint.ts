/**
 * What Outpost adds around the provider's token endpoint (`POST /token`), by grant type:
 * refresh tokens go through reuse detection (`refresh-rotation.ts`). Everything else is the
 * provider's, unchanged.
 */
import type { OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { refreshWithReuseDetection } from "./refresh-rotation";
import { readTokenForm } from "./token-form";

export interface TokenEndpointOptions {
  /** A token-endpoint request whose credentials have been screened (`credential-shape.ts`). */
  request: Request;
  kv: KVNamespace;
  /** The provider, for this request's origin. */
  forward: (request: Request) => Promise<Response>;
  /** The provider's helpers for this origin, built only when needed. */
  oauth: () => OAuthHelpers;
}

export async function serveTokenRequest(options: TokenEndpointOptions): Promise<Response> {
  const { request } = options;
  const form = await readTokenForm(request);
  const forward = () => options.forward(request);
  if (!(form instanceof URLSearchParams)) return forward();
  const refreshToken = form.get("refresh_token");
  if (form.get("grant_type") === "refresh_token" && refreshToken) {
    return refreshWithReuseDetection({ refreshToken, kv: options.kv, forward, oauth: options.oauth });
  }
  return forward();
}
