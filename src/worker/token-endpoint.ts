/**
 * What Outpost adds around the provider's token endpoint (`POST /token`), by grant type:
 * - `refresh_token`: reuse detection (`refresh-rotation.ts`);
 * - `authorization_code`: a successful exchange completes the client's first authorization, so a
 *   dynamic registration is kept for the confirmed lifetime from then on (`oauth.ts`).
 * Everything else is the provider's, unchanged.
 */
import type { OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { logEvent } from "../lib/log";
import { refreshWithReuseDetection } from "./refresh-rotation";
import { readTokenForm, tokenClientId } from "./token-form";

export interface TokenEndpointOptions {
  /** A token-endpoint request whose credentials have been screened (`credential-shape.ts`). */
  request: Request;
  kv: KVNamespace;
  /** The provider, for this request's origin. */
  forward: (request: Request) => Promise<Response>;
  /** The provider's helpers for this origin, built only when needed. */
  oauth: () => OAuthHelpers;
  /** Keep a registered client for the confirmed lifetime. */
  confirmRegistration: (clientId: string) => Promise<void>;
}

export async function serveTokenRequest(options: TokenEndpointOptions): Promise<Response> {
  const { request } = options;
  const form = await readTokenForm(request);
  const forward = () => options.forward(request);
  if (!(form instanceof URLSearchParams)) return forward();
  const refreshToken = form.get("refresh_token");
  switch (form.get("grant_type")) {
    case "refresh_token":
      return refreshToken
        ? refreshWithReuseDetection({ refreshToken, kv: options.kv, forward, oauth: options.oauth })
        : forward();
    case "authorization_code": {
      const response = await forward();
      const { clientId } = tokenClientId(request, form);
      // Metadata document clients (URL ids) are not registrations: nothing to keep.
      if (response.ok && clientId && !/^https?:/i.test(clientId)) await confirm(options, clientId);
      return response;
    }
    default:
      return forward();
  }
}

async function confirm(options: TokenEndpointOptions, clientId: string): Promise<void> {
  try {
    await options.confirmRegistration(clientId);
  } catch (error) {
    // The tokens are issued already; the registration keeps its shorter lifetime and the next
    // sign-in tries again.
    logEvent("registration_confirm_failed", { name: error instanceof Error ? error.name : typeof error });
  }
}
