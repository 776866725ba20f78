// The owner passphrase for the command-line tools that call the server's owner API (client.mjs, the
// doctor's --report): OUTPOST_PASSPHRASE, or asked for on the terminal without echoing it. It is
// never printed or logged.

/** Thrown when there is no passphrase to be had: no OUTPOST_PASSPHRASE and no terminal, or Ctrl-C. */
export class PassphraseUnavailable extends Error {}

/** OUTPOST_PASSPHRASE, or a prompt on the terminal (on stderr) that echoes nothing. */
export async function readOwnerPassphrase() {
  const fromEnv = process.env.OUTPOST_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY)
    throw new PassphraseUnavailable(
      "Set OUTPOST_PASSPHRASE, or run this in a terminal to be asked for the owner passphrase.",
    );
  process.stderr.write("Owner passphrase: ");
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolvePassphrase, reject) => {
    let typed = "";
    const finish = (error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolvePassphrase(typed);
    };
    const onData = (chunk) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003") return finish(new PassphraseUnavailable("Cancelled."));
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on("data", onData);
  });
}
