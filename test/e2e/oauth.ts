/**
 * Headless OAuth against a running server: what a person does on the consent page (open it, keep the
 * cookie, tick the permissions, type the passphrase, approve), done over plain HTTP. Used by the
 * MCP SDK client's OAuthClientProvider and, with plain fetch, to mint tokens for other clients.
 */
import { createHash, randomBytes } from "node:crypto";
import type { OAuthClientProvider, OAuthDiscoveryState } from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { publicClientRegistration } from "../helpers/registration";

/** Nothing listens here: the code is read from the 302's Location header. */
export const REDIRECT_URI = "http://127.0.0.1:43111/callback";

export interface ConsentOptions {
  passphrase: string;
  /** Scopes to tick; default every scope the page offers. */
  scopes?: string[];
}

export interface ConsentResult {
  /** The authorization code from the redirect. */
  code: string;
  /** The whole redirect target (`redirect_uri?code=…&state=…`). */
  location: URL;
  /** The scope checkboxes the consent page offered. */
  offered: string[];
}

/** `&amp;` and friends in attribute values. */
function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Every `<input>` in the page, as attribute maps. */
export function formInputs(html: string): Record<string, string>[] {
  return [...html.matchAll(/<input\b([^>]*)>/gi)].map((match) => {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[1] ?? "").matchAll(/([\w:-]+)(?:\s*=\s*"([^"]*)")?/g)) {
      attributes[(attribute[1] ?? "").toLowerCase()] = decodeEntities(attribute[2] ?? "");
    }
    return attributes;
  });
}

/**
 * Open the consent page at `authorizationUrl`, submit it as a browser would, and return the code
 * from the 302. Throws with the server's answer when it does not redirect with a code.
 */
export async function approveConsent(authorizationUrl: URL | string, options: ConsentOptions): Promise<ConsentResult> {
  const url = new URL(authorizationUrl);
  const page = await fetch(url, { redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page: ${page.status} ${html.slice(0, 500)}`);
  const inputs = formInputs(html);
  const handle = inputs.find((input) => input.name === "handle")?.value;
  if (!handle) throw new Error(`consent page has no handle field: ${html.slice(0, 500)}`);
  const offered = inputs
    .filter((input) => input.name === "scope" && input.type === "checkbox")
    .map((input) => input.value ?? "");
  const cookie = page.headers
    .getSetCookie()
    .map((setCookie) => setCookie.split(";")[0])
    .join("; ");

  const form = new URLSearchParams({ handle, decision: "approve", passphrase: options.passphrase });
  for (const scope of options.scopes ?? offered) form.append("scope", scope);
  // The form has no action: it posts back to the page's own URL, query included.
  const submitted = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: form,
    redirect: "manual",
  });
  const location = submitted.headers.get("Location");
  if (submitted.status !== 302 || !location) {
    throw new Error(`consent submission: ${submitted.status} ${(await submitted.text()).slice(0, 500)}`);
  }
  const target = new URL(location, url);
  const code = target.searchParams.get("code");
  if (!code) throw new Error(`consent redirect without a code: ${target}`);
  return { code, location: target, offered };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface RegisteredClient {
  client_id: string;
  redirect_uris: string[];
  [field: string]: unknown;
}

/** Dynamic Client Registration (RFC 7591) of a public client. */
export async function registerClient(
  base: string,
  name: string,
  redirectUri = REDIRECT_URI,
): Promise<RegisteredClient> {
  const response = await fetch(new URL("/register", base), {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(publicClientRegistration(name, redirectUri)),
  });
  if (response.status !== 201) throw new Error(`registration: ${response.status} ${await response.text()}`);
  return (await response.json()) as RegisteredClient;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
}

export async function tokenRequest(base: string, fields: Record<string, string>): Promise<Response> {
  return fetch(new URL("/token", base), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams(fields),
  });
}

/** The toolkit scopes the server advertises in its protected-resource metadata (without `offline_access`), sorted. */
export async function advertisedScopes(base: string): Promise<string[]> {
  const response = await fetch(new URL("/.well-known/oauth-protected-resource", base));
  const metadata = (await response.json()) as { scopes_supported?: string[] };
  return (metadata.scopes_supported ?? []).filter((scope) => scope !== "offline_access").sort();
}

/**
 * The whole flow over plain fetch, as a client that does not use the SDK would: register, authorize
 * with PKCE S256 and `resource`, approve the consent page, exchange the code.
 */
export async function signIn(
  base: string,
  options: ConsentOptions & { clientName?: string; scope?: string; resource?: string },
): Promise<{ client: RegisteredClient; tokens: TokenResponse }> {
  const client = await registerClient(base, options.clientName ?? "Outpost e2e (fetch)");
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(12).toString("base64url");
  const authorize = new URL("/authorize", base);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state,
    scope: options.scope ?? "session:read session:write offline_access",
    resource: options.resource ?? new URL(base).origin,
  }).toString();
  const { code, location } = await approveConsent(authorize, options);
  if (location.searchParams.get("state") !== state) throw new Error(`state mismatch in ${location}`);
  const response = await tokenRequest(base, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    client_id: client.client_id,
    code_verifier: verifier,
    resource: options.resource ?? new URL(base).origin,
  });
  if (response.status !== 200) throw new Error(`token exchange: ${response.status} ${await response.text()}`);
  return { client, tokens: (await response.json()) as TokenResponse };
}

/**
 * An OAuthClientProvider for the MCP SDK client that needs no browser: `redirectToAuthorization`
 * approves the consent page over HTTP and keeps the code for `transport.finishAuth(code)`.
 */
export class HeadlessOAuthProvider implements OAuthClientProvider {
  private client: OAuthClientInformationMixed | undefined;
  private savedTokens: OAuthTokens | undefined;
  private verifier: string | undefined;
  private discovery: OAuthDiscoveryState | undefined;
  private expectedState: string | undefined;
  private code: string | undefined;
  /** Every authorization URL the SDK built, in order. */
  readonly authorizationUrls: URL[] = [];
  /** Every token set the SDK saved, in order (the code exchange, then each refresh). */
  readonly savedTokenHistory: OAuthTokens[] = [];

  constructor(private readonly options: ConsentOptions & { clientName?: string; redirectUrl?: string }) {}

  get redirectUrl(): string {
    return this.options.redirectUrl ?? REDIRECT_URI;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.options.clientName ?? "Outpost e2e (MCP SDK)",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  state(): string {
    this.expectedState = randomBytes(12).toString("base64url");
    return this.expectedState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.client;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.client = info;
  }

  tokens(): OAuthTokens | undefined {
    return this.savedTokens;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.savedTokens = tokens;
    this.savedTokenHistory.push(tokens);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error("no code verifier saved");
    return this.verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    if (scope === "all" || scope === "client") this.client = undefined;
    if (scope === "all" || scope === "tokens") this.savedTokens = undefined;
    if (scope === "all" || scope === "verifier") this.verifier = undefined;
    if (scope === "all" || scope === "discovery") this.discovery = undefined;
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    this.authorizationUrls.push(new URL(authorizationUrl));
    const { code, location } = await approveConsent(authorizationUrl, this.options);
    if (location.searchParams.get("state") !== this.expectedState) throw new Error(`state mismatch in ${location}`);
    this.code = code;
  }

  /** The code the last consent produced; each code is handed out once. */
  takeCode(): string {
    const code = this.code;
    this.code = undefined;
    if (!code) throw new Error("no authorization code: the SDK never redirected to authorization");
    return code;
  }

  /** Test hook: replace what is stored, e.g. to make the access token stale. */
  setTokens(tokens: OAuthTokens | undefined): void {
    this.savedTokens = tokens;
  }
}
