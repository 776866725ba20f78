/**
 * GitHub's OAuth endpoints and the few REST calls sign-in makes, replaced at the network edge:
 * `install()` wraps the isolate's `fetch` so requests to github.com and api.github.com are answered
 * here and everything else goes out unchanged. GitHub is a third party the tests cannot run; this
 * follows its documented behaviour (bad codes answer 200 with `error`, non-members get 404).
 */
import { vi } from "vitest";

export interface FakeGithubUser {
  id: number;
  login: string;
  name?: string;
  /** `[address, verified]` pairs; the first is primary. */
  emails?: [string, boolean][];
  /** Organisations with an active membership. */
  orgs?: string[];
}

export interface FakeGithubOptions {
  clientId: string;
  clientSecret: string;
}

interface PendingCode {
  user: FakeGithubUser;
  challenge: string;
  redirectUri: string;
}

export class FakeGithub {
  /** Every request the worker sent to GitHub, as `METHOD url`. */
  readonly requests: string[] = [];
  /** The next calls fail at the network level (GitHub is down). */
  down = false;
  private readonly codes = new Map<string, PendingCode>();
  private readonly tokens = new Map<string, FakeGithubUser>();

  constructor(private readonly options: FakeGithubOptions) {}

  /** Route the isolate's outbound fetch through this fake for GitHub's hosts. */
  install(): void {
    const original = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const host = new URL(request.url).hostname;
      if (host !== "github.com" && host !== "api.github.com") return original(input, init);
      this.requests.push(`${request.method} ${request.url}`);
      if (this.down) throw new TypeError("Network connection lost.");
      return host === "github.com" ? this.oauth(request) : this.api(request);
    });
  }

  /**
   * What the person's browser does at github.com/login/oauth/authorize: signs in as `user`, approves,
   * and is sent to the callback with a code. Returns that callback URL. Checks the request shape.
   */
  approve(authorizeUrl: string, user: FakeGithubUser): string {
    const url = new URL(authorizeUrl);
    if (url.origin + url.pathname !== "https://github.com/login/oauth/authorize")
      throw new Error(`not GitHub's authorize URL: ${url}`);
    if (url.searchParams.get("client_id") !== this.options.clientId) throw new Error("wrong client_id");
    if (url.searchParams.get("code_challenge_method") !== "S256") throw new Error("PKCE S256 missing");
    const code = `code-${crypto.randomUUID()}`;
    const redirectUri = url.searchParams.get("redirect_uri") ?? "";
    this.codes.set(code, { user, challenge: url.searchParams.get("code_challenge") ?? "", redirectUri });
    const callback = new URL(redirectUri);
    callback.searchParams.set("code", code);
    callback.searchParams.set("state", url.searchParams.get("state") ?? "");
    return callback.toString();
  }

  /** The person clicks Cancel at GitHub. */
  deny(authorizeUrl: string): string {
    const url = new URL(authorizeUrl);
    const callback = new URL(url.searchParams.get("redirect_uri") ?? "");
    callback.searchParams.set("error", "access_denied");
    callback.searchParams.set("state", url.searchParams.get("state") ?? "");
    return callback.toString();
  }

  private async oauth(request: Request): Promise<Response> {
    if (request.method !== "POST" || new URL(request.url).pathname !== "/login/oauth/access_token")
      return new Response("Not Found", { status: 404 });
    const form = await request.formData();
    if (form.get("client_id") !== this.options.clientId || form.get("client_secret") !== this.options.clientSecret) {
      return Response.json({ error: "incorrect_client_credentials" });
    }
    const code = String(form.get("code") ?? "");
    const pending = this.codes.get(code);
    this.codes.delete(code);
    const verifier = String(form.get("code_verifier") ?? "");
    if (!pending || pending.redirectUri !== form.get("redirect_uri") || (await s256(verifier)) !== pending.challenge) {
      return Response.json({
        error: "bad_verification_code",
        error_description: "The code passed is incorrect or expired.",
      });
    }
    const token = `gho_${crypto.randomUUID().replace(/-/g, "")}`;
    this.tokens.set(token, pending.user);
    return Response.json({ access_token: token, token_type: "bearer", scope: "" });
  }

  private api(request: Request): Response {
    const user = this.tokens.get((request.headers.get("Authorization") ?? "").replace(/^Bearer /, ""));
    if (!user) return Response.json({ message: "Bad credentials" }, { status: 401 });
    const path = new URL(request.url).pathname;
    if (path === "/user")
      return Response.json({ id: user.id, login: user.login, name: user.name ?? null, email: null });
    if (path === "/user/emails") {
      return Response.json(
        (user.emails ?? []).map(([email, verified], index) => ({
          email,
          verified,
          primary: index === 0,
          visibility: null,
        })),
      );
    }
    const membership = /^\/user\/memberships\/orgs\/([^/]+)$/.exec(path);
    if (membership) {
      const org = decodeURIComponent(membership[1] ?? "").toLowerCase();
      if (!(user.orgs ?? []).map((o) => o.toLowerCase()).includes(org))
        return Response.json({ message: "Not Found" }, { status: 404 });
      return Response.json({ state: "active", role: "member", organization: { login: org } });
    }
    return Response.json({ message: "Not Found" }, { status: 404 });
  }
}

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
