import type { ConsentDescription } from "@cloudflare/workers-oauth-provider";
import { Layout } from "./layout";
import { PassphraseHint } from "./passphrase-hint";

export interface ConsentPageProps {
  consent: ConsentDescription;
  /** Opaque transaction handle from beginConsent(); the only hidden field, and it is not trusted. */
  handle: string;
  /** Scopes offered, each with the sentence that explains it, and whether it starts ticked. */
  scopes: { scope: string; description: string; checked: boolean }[];
  error?: string;
  /** Something to point out that is not an error (e.g. which account just signed in). */
  notice?: string;
  /** Sign-in methods on offer. Default: the owner passphrase only. */
  signIn?: ConsentSignIn;
  /** The server runs on this computer: the passphrase hint may name .dev.vars. */
  local?: boolean;
}

export interface ConsentSignIn {
  /** Show the owner passphrase field and its Approve button. */
  passphrase: boolean;
  /** Identity providers, each approved with its own button (`method=<id>`). */
  upstream: { id: string; label: string }[];
  /** Offer "remember this app" (needs the cookie secret and an upstream method). */
  offerRemember: boolean;
}

const PASSPHRASE_ONLY: ConsentSignIn = { passphrase: true, upstream: [], offerRemember: false };

/**
 * The consent page (MCP authorization spec, "Confused deputy"): who is asking (client name, its
 * verified domain if any), where the tokens will go (redirect host), and what they may do (scopes).
 * Every string here can come from the client, and hono/jsx escapes each one. Works without JavaScript.
 */
export function ConsentPage({ consent, handle, scopes, error, notice, signIn = PASSPHRASE_ONLY, local = false }: ConsentPageProps) {
  const redirect = new URL(consent.redirectUri);
  const insecure = redirect.protocol !== "https:" && !consent.redirectIsLoopback;
  return (
    <Layout title={`Connect ${consent.clientName} to Outpost`}>
      <div class="card">
        <h1>
          Connect <strong>{consent.clientName}</strong> to Outpost?
        </h1>
        {consent.clientDomain ? (
          <p class="muted">Published by {consent.clientDomain} (verified through its client metadata document).</p>
        ) : (
          <p class="muted">The app chose this name itself; Outpost cannot verify it.</p>
        )}
        <p>
          After you approve, access is sent to <code>{consent.redirectHost}</code>.
        </p>
        {consent.redirectIsLoopback ? (
          <p class="note warn">That is a program on this computer. Approve only if you just started connecting an app here.</p>
        ) : null}
        {insecure ? <p class="note warn">That address does not use HTTPS: the access could be read on the way.</p> : null}
        {notice ? <p class="note warn">{notice}</p> : null}
        {error ? (
          <p class="note error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post">
          <input type="hidden" name="handle" value={handle} />
          <h2>It will be able to</h2>
          {scopes.map((item) => (
            <label class="scope">
              <input type="checkbox" name="scope" value={item.scope} checked={item.checked} />
              <span>
                {item.description}
                <br />
                <span class="muted">
                  <code>{item.scope}</code>
                </span>
              </span>
            </label>
          ))}
          {signIn.passphrase ? (
            <>
              <h2>
                <label for="passphrase">Owner passphrase</label>
              </h2>
              <input id="passphrase" type="password" name="passphrase" autocomplete="current-password" autofocus />
              <PassphraseHint local={local} />
            </>
          ) : null}
          {signIn.upstream.length > 0 ? (
            <>
              <h2>{signIn.passphrase ? "Or sign in with your account" : "Sign in with your account"}</h2>
              <p class="muted">You sign in there next. Outpost keeps your account id, name and email, nothing else.</p>
              {signIn.offerRemember ? (
                <label class="scope">
                  <input type="checkbox" name="remember" value="yes" />
                  <span>Remember that I approved this app, for this account, for 30 days</span>
                </label>
              ) : null}
            </>
          ) : null}
          <div class="actions">
            {signIn.passphrase ? (
              <button class="primary" type="submit" name="decision" value="approve">
                Approve
              </button>
            ) : null}
            {signIn.upstream.map((method, index) => (
              <button class={signIn.passphrase || index > 0 ? undefined : "primary"} type="submit" name="method" value={method.id}>
                Approve with {method.label}
              </button>
            ))}
            <button type="submit" name="decision" value="deny">
              Deny
            </button>
          </div>
        </form>
      </div>
    </Layout>
  );
}
