import { createHash, randomBytes } from "node:crypto";
import { CLAUDE_CALLBACKS, CLAUDE_CODE_CALLBACK } from "../claude.mjs";
import { fail, pass, skip, warn } from "../report.mjs";
import { call } from "../target.mjs";

/** So an operator who finds it in a client list knows what it is and that it may go. */
export const DOCTOR_CLIENT_NAME = "Outpost doctor check (safe to delete)";

/** The text of the first error note on a page (Outpost's consent page marks it role="alert"). */
export function pageAlert(html) {
  const match =
    /<[^>]*role="alert"[^>]*>([\s\S]*?)<\/[a-z]+>/i.exec(html) ?? /<main[^>]*>([\s\S]*?)<\/main>/i.exec(html);
  const text = (match?.[1] ?? html)
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
  return text.slice(0, 300);
}

/**
 * Whether Claude's callbacks would be accepted, and whether sign-in can work at all. The only sure
 * way is to register the way Claude does and open the consent page for Claude's callback, so the
 * doctor registers one public client with an obvious name and says so (`--no-register` skips it).
 * The consent page is only opened, never submitted: no sign-in attempt is spent.
 */
export async function checkRegistration(ctx) {
  const { target, asm } = ctx;
  const title = "Claude's callbacks accepted at registration";
  if (!asm) return [skip("register", title, "no authorization-server metadata")];
  if (typeof asm.registration_endpoint !== "string") {
    return [skip("register", title, "no registration endpoint (dynamic registration off)")];
  }
  if (!ctx.register) {
    return [
      skip(
        "register",
        title,
        "not checked (--no-register); run without it to register one test client and open the consent page",
      ),
    ];
  }
  const redirects = [...CLAUDE_CALLBACKS, CLAUDE_CODE_CALLBACK];
  const registered = await call(
    asm.registration_endpoint,
    {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_name: DOCTOR_CLIENT_NAME,
        redirect_uris: redirects,
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
      }),
    },
    ctx.timeoutMs,
  );
  const clientId = registered.json?.client_id;
  if (registered.status !== 201 && registered.status !== 200) {
    const why =
      registered.json?.error_description ?? registered.json?.error ?? registered.error ?? `status ${registered.status}`;
    return [
      fail(
        "register",
        title,
        `registering ${redirects.join(", ")} was refused: ${why}`,
        `Accept ${CLAUDE_CALLBACKS.join(" and ")} and loopback callbacks on any port (RFC 8252 §7.3) at ${asm.registration_endpoint}.`,
      ),
    ];
  }
  if (typeof clientId !== "string")
    return [
      fail(
        "register",
        title,
        "registration answered without a client_id",
        "Return the client_id in the registration response (RFC 7591 §3.2.1).",
      ),
    ];
  const findings = [
    pass(
      "register",
      title,
      `registered "${DOCTOR_CLIENT_NAME}" with Claude's and Claude Code's callbacks (an unused registration expires)`,
    ),
  ];

  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(asm.authorization_endpoint);
  const scopes = (ctx.prm?.scopes_supported ?? []).filter((scope) => scope !== "offline_access");
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: CLAUDE_CALLBACKS[0],
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: randomBytes(12).toString("base64url"),
    scope: [...scopes, "offline_access"].join(" "),
    resource: ctx.prm?.resource ?? target.origin,
  }).toString();
  const page = await call(authorize.href, { headers: { Accept: "text/html" } }, ctx.timeoutMs);
  const signInTitle = "Sign-in page for Claude";
  if (page.status === 200) findings.push(pass("signin", signInTitle, "the consent page opens for Claude's callback"));
  else if (page.status >= 300 && page.status < 400) {
    const location = page.headers.get("Location") ?? "";
    const error = location ? new URL(location, authorize).searchParams.get("error") : undefined;
    if (error)
      findings.push(
        fail(
          "signin",
          signInTitle,
          `redirected back to Claude with error=${error}`,
          "Check the authorization request the server refuses (scopes, resource) in its logs.",
        ),
      );
    else
      findings.push(
        warn(
          "signin",
          signInTitle,
          `redirects to ${location.split("?")[0]}`,
          "Nothing to do if that is your identity provider's sign-in page.",
        ),
      );
  } else {
    const message = pageAlert(page.text);
    findings.push(
      fail(
        "signin",
        signInTitle,
        `${page.status || page.error}${message ? `: ${message}` : ""}`,
        page.status === 503 && /passphrase/i.test(message)
          ? "Set the owner passphrase: npx wrangler secret put OWNER_PASSPHRASE (npm run passphrase makes one), then try again."
          : "Open the authorize URL in a browser to see the whole page, and fix what it names.",
      ),
    );
  }
  return findings;
}
