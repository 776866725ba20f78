import { ANNOTATION_HINTS, LIMITS, MODERN_VERSION, TOOL_NAME } from "../claude.mjs";
import { fail, pass, skip, warn } from "../report.mjs";
import { call, discoverMessage, rpcInit } from "../target.mjs";

function list(names, max = 6) {
  return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

/**
 * Every tool as Claude uses it: a valid name of at most 64 characters, a title (what the permission
 * prompt shows), all four annotation hints (they drive Claude's auto-permissions, and missing ones
 * are the commonest directory rejection), a description within bounds and an object input schema.
 */
export function toolFindings(tools) {
  if (!tools) return [skip("tools", "Tools", "no tools/list answer")];
  if (tools.length === 0)
    return [
      warn(
        "tools",
        "Tools",
        "tools/list is empty for this token",
        "Sign in granting at least one toolkit's scope, or check that the server registers its tools.",
      ),
    ];
  const findings = [];
  const badNames = tools.filter((tool) => !TOOL_NAME.test(tool.name)).map((tool) => tool.name);
  findings.push(
    badNames.length
      ? fail(
          "tools.names",
          "Tool names",
          `invalid: ${list(badNames)}`,
          `Use [A-Za-z0-9_.-], at most ${LIMITS.toolNameChars} characters.`,
        )
      : pass("tools.names", "Tool names", `${tools.length} valid`),
  );
  const untitled = tools.filter((tool) => !tool.title && !tool.annotations?.title).map((tool) => tool.name);
  findings.push(
    untitled.length
      ? fail(
          "tools.titles",
          "Tool titles",
          `no title: ${list(untitled)}`,
          "Give every tool a short human title (Outpost: `title` in its defineTool).",
        )
      : pass("tools.titles", "Tool titles", "every tool titled"),
  );
  const unannotated = tools
    .filter((tool) => ANNOTATION_HINTS.some((hint) => typeof tool.annotations?.[hint] !== "boolean"))
    .map((tool) => tool.name);
  findings.push(
    unannotated.length
      ? fail(
          "tools.annotations",
          "Tool annotations",
          `incomplete hints: ${list(unannotated)}`,
          `Set all of ${ANNOTATION_HINTS.join(", ")} on every tool: Claude decides what needs confirmation from them.`,
        )
      : pass("tools.annotations", "Tool annotations", "all four hints on every tool"),
  );
  const undescribed = tools.filter((tool) => !tool.description?.trim()).map((tool) => tool.name);
  const longDescriptions = tools
    .filter((tool) => (tool.description ?? "").length > LIMITS.toolDescriptionChars)
    .map((tool) => `${tool.name} (${tool.description.length})`);
  if (undescribed.length)
    findings.push(
      fail(
        "tools.descriptions",
        "Tool descriptions",
        `none: ${list(undescribed)}`,
        "Describe what each tool does and when to use it: Claude chooses tools by their descriptions.",
      ),
    );
  else if (longDescriptions.length) {
    findings.push(
      warn(
        "tools.descriptions",
        "Tool descriptions",
        `over ${LIMITS.toolDescriptionChars} characters: ${list(longDescriptions)}`,
        "Shorten them; move detail into a docs resource.",
      ),
    );
  } else
    findings.push(
      pass("tools.descriptions", "Tool descriptions", `all within ${LIMITS.toolDescriptionChars} characters`),
    );
  const badSchemas = tools.filter((tool) => tool.inputSchema?.type !== "object").map((tool) => tool.name);
  const bigSchemas = tools
    .filter(
      (tool) =>
        JSON.stringify(tool.inputSchema ?? {}).length + JSON.stringify(tool.outputSchema ?? {}).length >
        LIMITS.toolSchemaChars,
    )
    .map((tool) => tool.name);
  if (badSchemas.length)
    findings.push(
      fail(
        "tools.schemas",
        "Tool schemas",
        `inputSchema not an object schema: ${list(badSchemas)}`,
        'Give every tool an inputSchema with "type": "object" (an empty one for no arguments), never null.',
      ),
    );
  else if (bigSchemas.length) {
    findings.push(
      warn(
        "tools.schemas",
        "Tool schemas",
        `over ${LIMITS.toolSchemaChars} characters of JSON: ${list(bigSchemas)}`,
        "Flatten or trim them: every schema is sent to Claude on every turn.",
      ),
    );
  } else findings.push(pass("tools.schemas", "Tool schemas", "object input schemas, each within bounds"));
  return findings;
}

/**
 * The result cap the server declares (Outpost: `toolOutputMaxTokens` in config://connector/limits)
 * against claude.ai's ~150,000 characters and Claude Code's 25,000 tokens. Outpost estimates tokens
 * conservatively, so its cap in tokens also bounds characters well under claude.ai's limit.
 */
export function resultCapFinding(declared) {
  const title = "Tool result cap";
  if (typeof declared !== "number") {
    return warn(
      "tools.result-cap",
      title,
      "the server declares no cap on tool results",
      `Cap results below Claude Code's ${LIMITS.claudeCodeResultTokens.toLocaleString("en-US")} tokens and claude.ai's ~${LIMITS.claudeAiResultChars.toLocaleString("en-US")} characters, and paginate.`,
    );
  }
  if (declared > LIMITS.claudeCodeResultTokens) {
    return fail(
      "tools.result-cap",
      title,
      `${declared.toLocaleString("en-US")} tokens, over Claude Code's ${LIMITS.claudeCodeResultTokens.toLocaleString("en-US")}`,
      `Set TOOL_OUTPUT_MAX_TOKENS to 20000 or less (wrangler.toml [vars]): Claude Code drops larger results.`,
    );
  }
  return pass(
    "tools.result-cap",
    title,
    `${declared.toLocaleString("en-US")} tokens, within Claude Code's ${LIMITS.claudeCodeResultTokens.toLocaleString("en-US")} and claude.ai's ~${LIMITS.claudeAiResultChars.toLocaleString("en-US")} characters`,
  );
}

/**
 * p50 of a few tools/list round trips on the stateless era: what every turn of a conversation pays
 * at least. Sent by hand, because the SDK client answers repeats from its cache (the server's
 * cache hints), which would time nothing.
 */
export async function latencyFinding(ctx, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const message = {
      jsonrpc: "2.0",
      id: i + 1,
      method: "tools/list",
      params: { _meta: discoverMessage(MODERN_VERSION).params._meta },
    };
    const answer = await call(
      ctx.target.mcp,
      rpcInit(message, {
        Authorization: `Bearer ${ctx.token}`,
        "MCP-Protocol-Version": MODERN_VERSION,
        "Mcp-Method": "tools/list",
      }),
      ctx.timeoutMs,
    );
    if (answer.status !== 200)
      return warn(
        "latency",
        "Latency of a cheap call",
        `tools/list answered ${answer.status || answer.error}`,
        "See the 2026-07-28 era check above.",
      );
    times.push(answer.ms);
  }
  times.sort((a, b) => a - b);
  const p50 = Math.round(times[Math.floor(times.length / 2)] ?? 0);
  const detail = `tools/list p50 ${p50} ms over ${runs} calls (max ${Math.round(times.at(-1) ?? 0)} ms)`;
  if (p50 > 2_000)
    return warn(
      "latency",
      "Latency of a cheap call",
      detail,
      "Find what is slow (cold start, an upstream call on every request); Claude waits on this for every tool it uses.",
    );
  return pass("latency", "Latency of a cheap call", detail);
}

export async function checkTools(ctx) {
  const findings = toolFindings(ctx.modernTools ?? ctx.legacyTools);
  if (ctx.modernTools || ctx.legacyTools) findings.push(resultCapFinding(ctx.declaredCap));
  if (ctx.modernEra) findings.push(await latencyFinding(ctx));
  else findings.push(skip("latency", "Latency of a cheap call", `needs the ${MODERN_VERSION} era`));
  return findings;
}
