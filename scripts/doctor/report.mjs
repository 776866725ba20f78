/**
 * Findings and how they are shown: one line per check (pass / warn / fail / skip), the fix under
 * each failure and warning, or the same as JSON for CI. Every string passes through `redact` before
 * it is printed, so a token (or a secret a server echoes back) never reaches a terminal or a CI log.
 */

/** A finding. `fix` says exactly what to change; it is required for fail and warn. */
export function pass(id, title, detail) {
  return { id, status: "pass", title, detail };
}
export function warn(id, title, detail, fix) {
  return { id, status: "warn", title, detail, fix };
}
export function fail(id, title, detail, fix) {
  return { id, status: "fail", title, detail, fix };
}
export function skip(id, title, detail) {
  return { id, status: "skip", title, detail };
}

const MARK = { pass: "PASS", warn: "WARN", fail: "FAIL", skip: "SKIP" };

/**
 * A redactor for the given secrets, and for any bearer token or OAuth credential shape a server
 * might echo (Authorization headers, `access_token`/`refresh_token`/`code` values).
 */
export function redactor(secrets) {
  return (text) => {
    if (typeof text !== "string") return text;
    // Read at each call: a sign-in during the run adds its token to the list.
    const known = secrets.filter((secret) => typeof secret === "string" && secret.length >= 4);
    let out = text;
    for (const secret of known) out = out.split(secret).join("[redacted]");
    return (
      out
        // A bearer token, not a challenge's auth-params (\`Bearer resource_metadata="…"\` stays readable).
        .replace(/(Bearer\s+)(?![A-Za-z_][\w-]*\s*=\s*["A-Za-z])[A-Za-z0-9._~+/-]{8,}=*/gi, "$1[redacted]")
        .replace(
          /("?(?:access_token|refresh_token|id_token|client_secret|code_verifier)"?\s*[:=]\s*"?)[^"&\s,}]{4,}/gi,
          "$1[redacted]",
        )
    );
  };
}

export function summarize(findings) {
  const count = (status) => findings.filter((finding) => finding.status === status).length;
  return { pass: count("pass"), warn: count("warn"), fail: count("fail"), skip: count("skip") };
}

/** The human report: one line per check, the fix indented under it, a summary line last. */
export function formatText(target, findings, redact) {
  const lines = [`Outpost doctor: ${target}`];
  for (const finding of findings) {
    lines.push(`${MARK[finding.status]}  ${finding.title}${finding.detail ? ` — ${finding.detail}` : ""}`);
    if (finding.fix && (finding.status === "fail" || finding.status === "warn"))
      lines.push(`      fix: ${finding.fix}`);
  }
  const totals = summarize(findings);
  lines.push(
    `${totals.fail} failed, ${totals.warn} warnings, ${totals.pass} passed${totals.skip ? `, ${totals.skip} skipped` : ""}.`,
  );
  return `${lines.map(redact).join("\n")}\n`;
}

export function formatJson(target, findings, redact, extra = {}) {
  const report = {
    target,
    ok: summarize(findings).fail === 0,
    summary: summarize(findings),
    checks: findings,
    ...extra,
  };
  return `${redact(JSON.stringify(report, null, 2))}\n`;
}
