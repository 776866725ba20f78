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
