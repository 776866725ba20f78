import { fail, pass, warn } from "../report.mjs";
import { call } from "../target.mjs";

/**
 * Hosted Claude connects from Anthropic's cloud and only to public HTTPS; plain http is fine only on
 * loopback, where just a local client (Claude Code, the Inspector) can reach the server anyway.
 */
export async function checkTransportSecurity(ctx) {
  const { target } = ctx;
  const findings = [];
  if (!target.https && !target.loopback) {
    findings.push(
      fail(
        "tls.https",
        "HTTPS",
        `${target.origin} is plain http`,
        "Serve the connector over https (a workers.dev or custom domain does this); Claude refuses http URLs.",
      ),
    );
  } else if (target.loopback) {
    findings.push(
      warn(
        "tls.https",
        "HTTPS",
        `${target.origin} is loopback: only clients on this machine (Claude Code, the Inspector) can reach it`,
        "Deploy it (npm run deploy) and run the doctor against the public https URL before adding it to claude.ai.",
      ),
    );
  } else findings.push(pass("tls.https", "HTTPS", target.origin));

  const health = await call(`${target.origin}/`, { method: "HEAD" }, ctx.timeoutMs);
  if (health.status === 0) {
    findings.push(
      fail(
        "tls.reachable",
        "Reachable",
        `${target.origin}: ${health.error}`,
        target.https
          ? "Check the DNS name and the certificate (it must be valid for this host and chain to a public root)."
          : "Start the server, or check the address and port.",
      ),
    );
    ctx.unreachable = true;
  } else findings.push(pass("tls.reachable", "Reachable", `answered ${health.status} in ${Math.round(health.ms)} ms`));
  return findings;
}
