/**
 * Renders docs/interop.md from the run: the client × transport × feature matrix, the conformance
 * scenarios, the known failures with their explanations, and the exact version of every client.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "../e2e/harness";
import type { KnownFailure, Verdict } from "./known-failures";
import { FEATURES, type Outcome } from "./results";

/** Packages whose versions the report states, by the directory they are installed in. */
const PACKAGES: [string, string][] = [
  ["@modelcontextprotocol/conformance", "@modelcontextprotocol/conformance"],
  ["@modelcontextprotocol/conformance (prerelease)", "conformance-next"],
  ["@modelcontextprotocol/inspector", "@modelcontextprotocol/inspector"],
  ["mcp-remote", "mcp-remote"],
  ["@modelcontextprotocol/sdk (v1 client)", "@modelcontextprotocol/sdk"],
  ["@modelcontextprotocol/client (v2 client)", "@modelcontextprotocol/client"],
  ["wrangler (server under test)", "wrangler"],
];

async function versionOf(directory: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, "node_modules", directory, "package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

function cell(outcome: Outcome | undefined, known: Set<Outcome>): string {
  if (!outcome) return "—";
  if (outcome.status === "pass") return "pass";
  if (outcome.status === "n/a")
    return outcome.detail.startsWith("n/a (server has none)") ? "n/a (server has none)" : "n/a";
  return known.has(outcome) ? "**known failure**" : "**FAIL**";
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function isConformance(outcome: Outcome): boolean {
  return outcome.client.startsWith("conformance ");
}

/** Every scenario both conformance releases list, with a count per release and wire first. */
function conformanceSection(outcomes: Outcome[], known: Set<Outcome>): string[] {
  const lines = [
    "",
    "## Conformance scenarios",
    "",
    "Every scenario each release lists (`conformance list`), none left out. The wire decides the leg of",
    "`/mcp`: at 2025-11-25 the CLI sends `initialize` and gets a session; at 2026-07-28 it sends the",
    "`_meta` envelope and is served statelessly. The prerelease runs each of its requirement sets at that",
    "revision's wire (`server --requirements <revision>`); `scoring` is how that set counts the scenario.",
    "`n/a` names what is missing: mostly the reference test server's fixture tools, which a product",
    "server does not have (a pass there would be vacuous), or a feature Outpost does not offer yet. Even",
    "then every message Outpost sent must pass `wire-schema-valid`, or the row fails.",
    "",
    "`server-stateless` holds the checks of `subscriptions/listen`: the acknowledgement comes first and",
    "every message carries the subscription id (both pass). The CLI skips its tool and prompt",
    "list-change checks because Outpost does not advertise `listChanged` for them (those lists change",
    "only with a deploy or a new token). This release has no check for what Outpost does deliver on a",
    "listen stream (resource list changes and resource subscriptions); `test/mcp/modern/listen.test.ts`",
    "and `test/e2e/listen.test.ts` cover those.",
    "",
    "The `input-required-result-*` scenarios (MRTR) call the reference server's fixture tools",
    "(`test_input_required_result_*`), so they stay n/a although Outpost returns `input_required` for its",
    "confirmations ([architecture.md](architecture.md#confirmations-before-destructive-calls)): every",
    "message Outpost sent still passes `wire-schema-valid`, and `unsupported-methods` and `validate-input`",
    "pass their own checks. What the rest check is covered against Outpost's own tools in",
    "`test/mcp/modern/confirm.test.ts` and `test/e2e/confirm.test.ts` (the SDK v2 client against",
    "`wrangler dev`): a tampered `requestState` is a -32602 JSON-RPC error (`tampered-state`); an",
    "elicitation is asked for only when the request's envelope declares it (`capability-check`); a retry",
    "without the answer is asked again (`missing-input-response`); the result carries",
    '`resultType: "input_required"` (`result-type`); list methods never answer `input_required`',
    "(`unsupported-methods`).",
    "",
    "| release | wire | pass | fail | n/a |",
    "|---|---|---|---|---|",
  ];
  const groups = [...new Set(outcomes.map((outcome) => `${outcome.client}\u0000${outcome.transport}`))];
  for (const group of groups) {
    const [client, wire] = group.split("\u0000") as [string, string];
    const rows = outcomes.filter((outcome) => outcome.client === client && outcome.transport === wire);
    const count = (status: Outcome["status"]) => rows.filter((outcome) => outcome.status === status).length;
    lines.push(
      `| ${client.replace("conformance ", "")} | ${wire} | ${count("pass")} | ${count("fail")} | ${count("n/a")} |`,
    );
  }
  lines.push("", "| release | wire | scenario | scoring | result | details |", "|---|---|---|---|---|---|");
  for (const outcome of outcomes) {
    lines.push(
      `| ${outcome.client.replace("conformance ", "")} | ${outcome.transport} | \`${outcome.feature}\` | ${outcome.scoring ?? "—"} | ${cell(outcome, known)} | ${escape(outcome.detail)} |`,
    );
  }
  return lines;
}

export async function renderReport(outcomes: Outcome[], verdict: Verdict, entries: KnownFailure[]): Promise<string> {
  const known = new Set(verdict.known.map((item) => item.outcome));
  const lines: string[] = [];
  lines.push(
    "# Interoperability",
    "",
    "<!-- Generated by `npm run test:interop` (test/interop/); edit the suite, not this file. -->",
    "",
    "Clients that nobody here wrote, run against the real worker under `wrangler dev` with real OAuth",
    "(Dynamic Client Registration or a Client ID Metadata Document, PKCE S256, the consent page",
    "submitted over HTTP as a person would). Any failure fails CI unless it is listed in",
    "`test/interop/known-failures.json` with a reason; those are explained at the end.",
    "",
    "`pass` means the client did what the feature needs and the result was checked; `n/a` means the",
    "client or the server has nothing to exercise there (the reason is in the details).",
    "",
    "`/mcp` serves both protocol eras. A 2025-era client (`initialize`) gets a session; a 2026-07-28",
    "client (the `_meta` envelope on every request) is served statelessly, keeps its scratchpad through",
    "the handle `session_remember` returns, and gets log notifications only for requests whose `_meta`",
    "asks for a level. The SDK v2 rows are its version-negotiation modes: `legacy` (plain `initialize`),",
    "`auto` (probes with `server/discover`; the auth row asserts it settled on 2026-07-28 on `/mcp`",
    "without falling back, and on 2025 over `/sse`) and `modern` (pinned to 2026-07-28, no fallback;",
    "there is no 2026-07-28 HTTP+SSE transport, so it has no `sse` row). SDK v1, mcp-remote, the",
    "Inspector CLI and the CIMD client speak 2025 only.",
    "",
    "## Clients × transports × features",
    "",
    `| client | transport | ${FEATURES.join(" | ")} |`,
    `|---|---|${FEATURES.map(() => "---").join("|")}|`,
  );
  const clients = outcomes.filter((outcome) => !isConformance(outcome));
  const rows = [...new Set(clients.map((outcome) => `${outcome.client}\u0000${outcome.transport}`))];
  for (const row of rows) {
    const [client, transport] = row.split("\u0000") as [string, string];
    const cells = FEATURES.map((feature) =>
      cell(
        clients.find(
          (outcome) => outcome.client === client && outcome.transport === transport && outcome.feature === feature,
        ),
        known,
      ),
    );
    lines.push(`| ${client} | ${transport} | ${cells.join(" | ")} |`);
  }

  lines.push(...conformanceSection(outcomes.filter(isConformance), known));

  lines.push("", "## Known failures", "");
  if (entries.length === 0) lines.push("None.");
  for (const entry of entries) {
    lines.push(
      `### ${entry.client} · ${entry.transport} · ${entry.feature}`,
      "",
      `**${entry.reason}**`,
      "",
      entry.explanation,
      "",
    );
  }

  lines.push("", "## Versions", "", "| client | version |", "|---|---|");
  for (const [name, directory] of PACKAGES) lines.push(`| ${name} | ${await versionOf(directory)} |`);
  lines.push(`| Node.js (suite and CLIs) | ${process.versions.node} |`);

  lines.push("", "## Details", "", "| client | transport | feature | result | evidence |", "|---|---|---|---|---|");
  for (const outcome of clients) {
    lines.push(
      `| ${outcome.client} | ${outcome.transport} | ${outcome.feature} | ${cell(outcome, known)} | ${escape(outcome.detail)} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}
