/**
 * Where the owner passphrase comes from, said only where it is true: `.dev.vars` exists only on the
 * computer running `npm run dev`; on a deployed server the person asks its operator.
 */
export function PassphraseHint(props: { local: boolean }) {
  return props.local ? (
    <p class="muted">
      Running on this computer: <code>npm run -s passphrase</code> in the project folder prints it (from{" "}
      <code>.dev.vars</code>).
    </p>
  ) : (
    <p class="muted">Ask whoever runs this connector for the passphrase.</p>
  );
}

/**
 * The owner-passphrase field every sign-in form shows (consent, console, channel page): its label,
 * the input (`#passphrase`, no autofocus: it would scroll who is asking out of view) and where the
 * passphrase comes from.
 */
export function PassphraseField(props: { local: boolean; locked?: boolean; required?: boolean }) {
  return (
    <>
      <h2>
        <label for="passphrase">Owner passphrase</label>
      </h2>
      <input
        id="passphrase"
        type="password"
        name="passphrase"
        autocomplete="current-password"
        required={props.required}
        disabled={props.locked}
      />
      <PassphraseHint local={props.local} />
    </>
  );
}
