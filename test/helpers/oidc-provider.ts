/**
 * A real OpenID Provider on loopback for the e2e suite: the `oidc-provider` package with one
 * confidential test client, a few accounts, PKCE, and its development login pages (any password).
 * `tamper` lets a test corrupt what its token endpoint returns, which a correct provider never
 * does: a broken signature, a correctly signed ID token with the wrong nonce, or a token endpoint
 * that hangs, drops the connection, or answers an HTML page instead of JSON.
 */
import type { Server } from "node:http";
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
// @ts-expect-error -- oidc-provider ships no type declarations; the few calls used here are typed below.
import ProviderClass from "oidc-provider";

export interface TestAccount {
  email: string;
  emailVerified: boolean;
  name: string;
}

export type Tampering = "none" | "signature" | "nonce" | "hang" | "reset" | "garbage";

/** How long a hanging token endpoint holds a request: past Outpost's 5-second limit, but bounded. */
const HANG_MS = 8_000;

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Change what the token endpoint returns from now on. */
  tamper(mode: Tampering): void;
  /** Accounts whose authorization codes live one second instead of a minute. */
  shortLivedCodes: Set<string>;
  stop(): Promise<void>;
}

interface KoaContext {
  path: string;
  method: string;
  body: unknown;
  status: number;
  type: string;
  req: { socket: { destroy(): void } };
}

interface OidcProvider {
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  listen(port: number, host: string, callback: () => void): Server;
}

export async function startOidcProvider(options: {
  port: number;
  redirectUri: string;
  accounts: Record<string, TestAccount>;
}): Promise<TestOidcProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = "outpost-e2e";
  const clientSecret = "outpost-e2e-secret-0123456789abcdef";
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(privateKey)), kid: "e2e-signing-key", alg: "RS256", use: "sig" };
  const shortLivedCodes = new Set<string>();
  let tampering: Tampering = "none";

  const Provider = ProviderClass as new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingJwk] },
    cookies: { keys: ["oidc-e2e-cookie-key-0123456789"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    pkce: { required: () => true },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: (_ctx: unknown, code: { accountId?: string }) =>
        code.accountId && shortLivedCodes.has(code.accountId) ? 1 : 60,
    },
    async findAccount(_ctx: unknown, id: string) {
      const account = options.accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: account.emailVerified, name: account.name };
        },
      };
    },
  });

  provider.use(async (ctx, next) => {
    const atToken = ctx.method === "POST" && ctx.path === "/token";
    if (atToken && tampering === "hang") {
      await new Promise((resolve) => setTimeout(resolve, HANG_MS));
      ctx.status = 504;
      return;
    }
    if (atToken && tampering === "reset") {
      ctx.req.socket.destroy();
      return;
    }
    if (atToken && tampering === "garbage") {
      ctx.status = 200;
      ctx.type = "text/html";
      ctx.body = "<html><body>Service temporarily overloaded</body></html>";
      return;
    }
    await next();
    if (!atToken || (tampering !== "signature" && tampering !== "nonce")) return;
    const body = ctx.body as { id_token?: string } | undefined;
    if (!body?.id_token) return;
    if (tampering === "signature") {
      const [header, payload, signature] = body.id_token.split(".");
      const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
      claims.sub = "someone-else";
      body.id_token = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    } else {
      const claims = decodeJwt(body.id_token);
      const { kid, alg } = decodeProtectedHeader(body.id_token);
      body.id_token = await new SignJWT({ ...claims, nonce: "not-the-nonce-outpost-sent" })
        .setProtectedHeader({ alg: alg ?? "RS256", kid })
        .sign(privateKey);
    }
  });

  const server = await new Promise<Server>((resolve) => {
    const listening: Server = provider.listen(options.port, "127.0.0.1", () => resolve(listening));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    shortLivedCodes,
    tamper(mode) {
      tampering = mode;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
