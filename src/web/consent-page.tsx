import type { ConsentDescription } from "@cloudflare/workers-oauth-provider";
import { formatCount } from "../lib/format-count";
import { isAnthropicHost, type ShownName, shownName } from "./client-name";
import { Layout } from "./layout";
import { PassphraseField } from "./passphrase-hint";

export interface ConsentPageProps {
  consent: ConsentDescription;
  /** Opaque transaction handle from beginConsent(); the only hidden field, and it is not trusted. */
  handle: string;
  /** Scopes offered, each with the sentence that explains it, whether it starts ticked, and whether its tools change nothing. */
  scopes: { scope: string; description: string; checked: boolean; readOnly: boolean }[];
  /** How long a grant lasts: the provider's token lifetimes (src/worker/oauth.ts). */
  lifetime: { accessTokenSeconds: number; refreshTokenSeconds: number };
  error?: string;
  /** Something to point out that is not an error (e.g. which account just signed in). */
  notice?: string;
  /** Sign-in methods on offer. Default: the owner passphrase only. */
  signIn?: ConsentSignIn;
  /** The server runs on this computer: the passphrase hint may name .dev.vars. */
  local?: boolean;
  /** The operator registered this client (`npm run client:add`): its name was not chosen by the app. */
  operatorRegistered?: boolean;
}

export interface ConsentSignIn {
  /** Show the owner passphrase field and its Approve button. */
  passphrase: boolean;
  /** Too many wrong passphrases: the field and its Approve button are disabled (the error says how long). */
  passphraseLocked?: boolean;
  /** Identity providers, each approved with its own button (`method=<id>`). */
  upstream: { id: string; label: string }[];
  /** Offer "remember this app" (needs the cookie secret and an upstream method). */
  offerRemember: boolean;
}

const PASSPHRASE_ONLY: ConsentSignIn = { passphrase: true, upstream: [], offerRemember: false };

/**
 * The consent page (MCP authorization spec, "Confused deputy"): who is asking (client name, its
 * verified domain if any), where the tokens will go (redirect host), how long access lasts, and
 * what it may do (scopes). Every string here can come from the client: hono/jsx escapes each one,
 * and the name is shortened and its invisible characters made visible (client-name.ts). Short, and
 * nothing takes focus, so who is asking and any error stay in view on a phone. Works without
 * JavaScript (the CSP forbids it): "Only read access" is a button of a second form that carries
 * the same handle, so Enter in the passphrase field still presses Approve.
 */
export function ConsentPage({
  consent,
  handle,
  scopes,
  lifetime,
  error,
  notice,
  signIn = PASSPHRASE_ONLY,
  local = false,
  operatorRegistered = false,
}: ConsentPageProps) {
  const redirect = new URL(consent.redirectUri);
  const insecure = redirect.protocol !== "https:" && !consent.redirectIsLoopback;
  const name = shownName(consent.clientName);
  const nameWarning = nameWarnings(name, consent).join(" ");
  const offerReadOnly = scopes.some((item) => item.readOnly) && scopes.some((item) => !item.readOnly);
  const locked = signIn.passphraseLocked === true;
  return (
    <Layout title={`Connect ${name.text} to Outpost`}>
      <div class="card">
        <h1>
          Connect <bdi class="client-name">{name.text}</bdi> to Outpost?
        </h1>
        <p class="who">
          {consent.clientDomain ? (
            <>
              Published by <strong>{consent.clientDomain}</strong> (verified through its client metadata document).
            </>
          ) : operatorRegistered ? (
            <span class="muted">Registered on this server by its operator, under this name.</span>
          ) : (
            <span class="muted">The app chose this name itself; Outpost cannot verify it.</span>
          )}
          <br />
          Access goes to <code>{consent.redirectHost}</code>
        </p>
        {error ? (
          <p class="note error" role="alert">
            {error}
          </p>
        ) : null}
        {nameWarning ? <p class="note warn">{nameWarning}</p> : null}
        {consent.redirectIsLoopback ? (
          <p class="note warn">
            That is a program on this computer. Approve only if you just started connecting an app here.
          </p>
        ) : null}
        {insecure ? (
          <p class="note warn">That address does not use HTTPS: the access could be read on the way.</p>
        ) : null}
        {notice ? <p class="note warn">{notice}</p> : null}
        <p class="muted">
          How long: the app gets a key valid for {duration(lifetime.accessTokenSeconds)} at a time and renews it for up
          to {duration(lifetime.refreshTokenSeconds)}; after that it asks you again.
        </p>
        <form method="post" action="/authorize">
          <input type="hidden" name="handle" value={handle} />
          <div class="scopes-head">
            <h2>It will be able to</h2>
            {offerReadOnly ? (
              <button class="small" type="submit" form="read-only" name="decision" value="read-only">
                Only read access
              </button>
            ) : null}
          </div>
          {scopes.map((item) => (
            <label class="scope">
              <input type="checkbox" name="scope" value={item.scope} checked={item.checked} />
              <span>
                {item.description} <code class="muted">{item.scope}</code>
              </span>
            </label>
          ))}
          {signIn.passphrase ? <PassphraseField local={local} locked={locked} /> : null}
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
              <button class="primary" type="submit" name="decision" value="approve" disabled={locked}>
                Approve
              </button>
            ) : null}
            {signIn.upstream.map((method, index) => (
              <button
                class={signIn.passphrase || index > 0 ? undefined : "primary"}
                type="submit"
                name="method"
                value={method.id}
              >
                Approve with {method.label}
              </button>
            ))}
            <button type="submit" name="decision" value="deny">
              Deny
            </button>
          </div>
        </form>
        {offerReadOnly ? (
          <form id="read-only" method="post" action="/authorize">
            <input type="hidden" name="handle" value={handle} />
          </form>
        ) : null}
      </div>
    </Layout>
  );
}

/** What a name's shape gives away: imitating Claude, hidden characters, a length cut for display. */
function nameWarnings(name: ShownName, consent: ConsentDescription): string[] {
  const warnings: string[] = [];
  if (name.lookalike) {
    warnings.push(
      'This name imitates "Claude" with look-alike, spaced or hidden characters. It is not Claude: deny unless you know this app.',
    );
  } else if (
    name.claimsClaude &&
    !consent.redirectIsLoopback &&
    !isAnthropicHost(consent.clientDomain) &&
    !isAnthropicHost(consent.redirectHost)
  ) {
    warnings.push(
      `This app calls itself Claude, but its access goes to ${consent.redirectHost}, not to claude.ai or claude.com. Deny unless you know this app.`,
    );
  }
  if (name.hidden > 0) {
    warnings.push(
      `Its name contains ${formatCount(name.hidden)} invisible or control characters (line breaks, direction changes, zero-width spaces), shown as \uFFFD.`,
    );
  }
  if (name.shortenedFrom !== undefined)
    warnings.push(`Its name is ${formatCount(name.shortenedFrom)} characters long; only the start is shown.`);
  return warnings;
}

/** "1 hour", "30 days", "90 minutes": the largest whole unit. */
function duration(seconds: number): string {
  const unit =
    seconds % 86400 === 0
      ? { size: 86400, name: "day" }
      : seconds % 3600 === 0
        ? { size: 3600, name: "hour" }
        : { size: 60, name: "minute" };
  const count = Math.ceil(seconds / unit.size);
  return `${formatCount(count)} ${unit.name}${count === 1 ? "" : "s"}`;
}
