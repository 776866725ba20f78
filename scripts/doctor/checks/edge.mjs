import { CLAUDE_USER_AGENT } from "../claude.mjs";
import { fail, pass, warn } from "../report.mjs";
import { call, INITIALIZE, rpcInit } from "../target.mjs";

/** Headers and page text by which a CDN or WAF, not the Worker, gives itself away. */
export function edgeSigns(answer) {
  const signs = [];
  const mitigated = answer.headers.get("cf-mitigated");
  if (mitigated) signs.push(`cf-mitigated: ${mitigated}`);
  for (const name of ["cf-chl-bypass", "cf-chl-out", "x-amzn-waf-action", "x-deny-reason", "x-sucuri-block"]) {
    const value = answer.headers.get(name);
    if (value) signs.push(`${name}: ${value}`);
  }
  const type = answer.headers.get("content-type") ?? "";
  if (
    /text\/html/i.test(type) &&
    /challenge-platform|cf-chl-|Just a moment|Attention Required|cf-error-details|managed_challenge/i.test(answer.text)
  ) {
    signs.push("a Cloudflare challenge page");
  }
  return signs;
}

/**
 * Whether a request that looks like Claude's backend reaches the Worker: with Cloudflare's "Block AI
 * bots" (or a bot-fight or WAF rule) the edge answers Claude's user agent itself, OAuth completes in
 * the browser, and claude.ai only says it could not connect. The same requests without that user
 * agent tell the edge's answer from the Worker's.
 */
export async function checkEdge(ctx) {
  const { target } = ctx;
  const findings = [];
  const probes = [
    { id: "edge.mcp", path: "/mcp", url: target.mcp, init: rpcInit(INITIALIZE) },
    {
      id: "edge.metadata",
      path: "/.well-known/oauth-protected-resource",
      url: `${target.origin}/.well-known/oauth-protected-resource`,
      init: { headers: { Accept: "application/json" } },
    },
    {
      id: "edge.as-metadata",
      path: "/.well-known/oauth-authorization-server",
      url: `${target.origin}/.well-known/oauth-authorization-server`,
      init: { headers: { Accept: "application/json" } },
    },
  ];
  for (const probe of probes) {
    const title = `${CLAUDE_USER_AGENT} reaches ${probe.path}`;
    const asClaude = await call(
      probe.url,
      { ...probe.init, headers: { ...probe.init.headers, "User-Agent": CLAUDE_USER_AGENT } },
      ctx.timeoutMs,
    );
    const asOther = await call(
      probe.url,
      { ...probe.init, headers: { ...probe.init.headers, "User-Agent": "outpost-doctor" } },
      ctx.timeoutMs,
    );
    const signs = edgeSigns(asClaude);
    const differs = asClaude.status !== asOther.status;
    if (signs.length > 0 || (differs && [403, 429, 503].includes(asClaude.status))) {
      findings.push(
        fail(
          probe.id,
          title,
          `blocked before the Worker: ${asClaude.status} for ${CLAUDE_USER_AGENT} (${asOther.status} otherwise)${signs.length ? `, given away by ${signs.join(", ")}` : ""}`,
          'In the Cloudflare dashboard for this zone: Security → Bots → turn off "Block AI bots" (and Bot Fight Mode), or add a WAF skip rule for the connector\'s host and /mcp, /sse, /.well-known/*, /register, /token.',
        ),
      );
    } else if (differs) {
      findings.push(
        warn(
          probe.id,
          title,
          `${asClaude.status} for ${CLAUDE_USER_AGENT}, ${asOther.status} otherwise`,
          "Answer Claude's requests like any other client's: check rules that match on User-Agent.",
        ),
      );
    } else findings.push(pass(probe.id, title, `${asClaude.status}, same as any client`));
  }
  return findings;
}
