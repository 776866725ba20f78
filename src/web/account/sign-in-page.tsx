import { Layout } from "../layout";
import { PassphraseField } from "../passphrase-hint";

export interface ConsoleSignInProps {
  formToken: string;
  /** Where to go after signing in (a console path). */
  next: string;
  passphrase: boolean;
  passphraseLocked: boolean;
  upstream: { id: string; label: string }[];
  error?: string;
  local: boolean;
}

/** The console's sign-in: the same methods as the consent page, no scripts, nothing takes focus. */
export function ConsoleSignInPage(props: ConsoleSignInProps) {
  return (
    <Layout title="Sign in · Outpost console">
      <div class="card">
        <h1>Outpost console</h1>
        <p class="muted">
          See which apps are connected, revoke one, and read what they did. A console session lasts 30 minutes.
        </p>
        {props.error ? (
          <p class="note error" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/account/sign-in">
          <input type="hidden" name="form" value={props.formToken} />
          <input type="hidden" name="next" value={props.next} />
          {props.passphrase ? <PassphraseField local={props.local} locked={props.passphraseLocked} /> : null}
          <div class="actions">
            {props.passphrase ? (
              <button class="primary" type="submit" name="method" value="passphrase" disabled={props.passphraseLocked}>
                Sign in
              </button>
            ) : null}
            {props.upstream.map((method, index) => (
              <button
                class={props.passphrase || index > 0 ? undefined : "primary"}
                type="submit"
                name="method"
                value={method.id}
              >
                Sign in with {method.label}
              </button>
            ))}
          </div>
        </form>
      </div>
    </Layout>
  );
}
