import { MCP_REQUEST_HEADERS, PLAYGROUND_ORIGIN } from "../claude.mjs";
import { fail, pass, warn } from "../report.mjs";
import { call, INITIALIZE, rpcInit } from "../target.mjs";

function listed(header) {
  return (header ?? "")
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * What a browser client such as the Cloudflare AI Playground needs: a preflight that allows its
 * origin, POST, and every MCP header — `Authorization` by name, because a `*` in
 * Access-Control-Allow-Headers does not cover it (Fetch standard, "CORS-safelisted" rules) — and a
 * 401 whose challenge the page can read (WWW-Authenticate exposed).
 */
export async function checkCors(ctx) {
  const { target } = ctx;
  const findings = [];
  const preflight = await call(
    target.mcp,
    {
      method: "OPTIONS",
      headers: {
        Origin: PLAYGROUND_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": MCP_REQUEST_HEADERS.join(","),
      },
    },
    ctx.timeoutMs,
  );
  const title = "CORS preflight from the AI Playground";
  const allowOrigin = preflight.headers.get("Access-Control-Allow-Origin");
  const allowHeaders = listed(preflight.headers.get("Access-Control-Allow-Headers"));
  const allowMethods = listed(preflight.headers.get("Access-Control-Allow-Methods"));
  const fixPreflight = `Answer OPTIONS /mcp from ${PLAYGROUND_ORIGIN} with 204, Access-Control-Allow-Origin: ${PLAYGROUND_ORIGIN}, Access-Control-Allow-Methods: GET, POST, DELETE and Access-Control-Allow-Headers: Authorization, *.`;
  if (preflight.status < 200 || preflight.status > 299) {
    findings.push(
      fail("cors.preflight", title, preflight.status ? `answered ${preflight.status}` : preflight.error, fixPreflight),
    );
  } else if (allowOrigin !== PLAYGROUND_ORIGIN && allowOrigin !== "*") {
    findings.push(
      fail(
        "cors.preflight",
        title,
        `Access-Control-Allow-Origin is ${allowOrigin ?? "missing"}`,
        `${fixPreflight} With Outpost, add ${PLAYGROUND_ORIGIN} to ALLOWED_ORIGINS if it was removed.`,
      ),
    );
  } else {
    const missing = MCP_REQUEST_HEADERS.filter(
      (header) => !allowHeaders.includes(header) && (header === "authorization" || !allowHeaders.includes("*")),
    );
    const methodOk = allowMethods.includes("post") || allowMethods.includes("*");
    if (missing.length > 0 || !methodOk) {
      const what = [
        missing.length ? `headers not allowed: ${missing.join(", ")}` : "",
        methodOk ? "" : "POST not allowed",
      ]
        .filter(Boolean)
        .join("; ");
      findings.push(fail("cors.preflight", title, what, fixPreflight));
    } else findings.push(pass("cors.preflight", title, `${preflight.status}, Authorization and MCP headers allowed`));
  }

  const challenged = await call(target.mcp, rpcInit(INITIALIZE, { Origin: PLAYGROUND_ORIGIN }), ctx.timeoutMs);
  const readTitle = "Challenge readable by the AI Playground";
  const exposed = listed(challenged.headers.get("Access-Control-Expose-Headers"));
  const corsOrigin = challenged.headers.get("Access-Control-Allow-Origin");
  if (challenged.status === 403) {
    findings.push(
      fail(
        "cors.origin",
        readTitle,
        `a request with Origin ${PLAYGROUND_ORIGIN} got 403`,
        `Allow the origin ${PLAYGROUND_ORIGIN} (Outpost allows it by default; check ALLOWED_ORIGINS and any WAF rule on Origin).`,
      ),
    );
  } else if (challenged.status !== 401) {
    findings.push(
      fail(
        "cors.origin",
        readTitle,
        `answered ${challenged.status || challenged.error}, not 401`,
        "Answer an unauthenticated browser request with the same 401 challenge as any other.",
      ),
    );
  } else if (corsOrigin !== PLAYGROUND_ORIGIN && corsOrigin !== "*") {
    findings.push(
      fail(
        "cors.origin",
        readTitle,
        "the 401 has no Access-Control-Allow-Origin",
        `Send Access-Control-Allow-Origin: ${PLAYGROUND_ORIGIN} on 401 answers too, or the page never sees the challenge.`,
      ),
    );
  } else if (!exposed.includes("www-authenticate") && !exposed.includes("*")) {
    findings.push(
      warn(
        "cors.origin",
        readTitle,
        "WWW-Authenticate is not in Access-Control-Expose-Headers",
        "Expose WWW-Authenticate so a browser client can find the metadata from the challenge.",
      ),
    );
  } else findings.push(pass("cors.origin", readTitle, "401 with the origin allowed and WWW-Authenticate exposed"));
  return findings;
}
