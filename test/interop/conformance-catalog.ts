/**
 * What a conformance release says it has, read from its own `list` output, so that the report covers
 * every scenario the CLI knows of and a scenario added by a new release cannot be silently missing.
 * The prerelease also publishes frozen requirement sets per spec revision (`list --requirements`):
 * which scenarios a revision requires, which it runs without scoring and why, and at which wire.
 */
import { childEnv, NODE } from "../e2e/harness";
import { run } from "./processes";

export interface Release {
  label: string;
  cli: string;
}

export type ScenarioKind = "server" | "authorization";

export interface Listed {
  name: string;
  /** What the CLI prints after the name: spec versions, `extension`, `draft`. */
  tags: string[];
}

export interface RequirementSet {
  revision: string;
  /** Server scenarios the revision requires, in the CLI's order. */
  server: string[];
  /** Server scenarios run at this revision's wire but never scored, with the CLI's reason. */
  notScored: Map<string, string>;
}

export interface Catalog {
  release: Release;
  scenarios: Record<ScenarioKind, Listed[]>;
  /** Empty for a release without requirement sets (0.1.x). */
  requirements: RequirementSet[];
}

const LIST_TIMEOUT_MS = 60_000;
const SECTION = { server: /^Server scenarios/, authorization: /^Authorization server scenarios/ } as const;

async function cli(release: Release, args: string[]): Promise<string> {
  const result = await run(NODE, [release.cli, ...args], { env: childEnv(), timeoutMs: LIST_TIMEOUT_MS });
  if (result.code !== 0)
    throw new Error(`${release.label} ${args.join(" ")} exited ${result.code}: ${result.stderr.slice(0, 500)}`);
  return result.stdout;
}

/** `  - name [tag,tag]` lines under each section header of `list`. */
export function parseList(text: string): Record<ScenarioKind, Listed[]> {
  const scenarios: Record<ScenarioKind, Listed[]> = { server: [], authorization: [] };
  let section: ScenarioKind | undefined;
  for (const line of text.split("\n")) {
    if (!line.startsWith(" ")) {
      section = (Object.keys(SECTION) as ScenarioKind[]).find((kind) => SECTION[kind].test(line));
      continue;
    }
    const item = /^\s+- (\S+)(?: \[([^\]]*)\])?/.exec(line);
    if (section && item) scenarios[section].push({ name: item[1]!, tags: item[2] ? item[2].split(",") : [] });
  }
  return scenarios;
}

/** The revisions `list --help` names ("Requirement sets available: 2025-11-25, 2026-07-28", wrapped anywhere). */
export function parseRevisions(help: string): string[] {
  const sentence = /Requirement sets available:([\d\s,-]+)/.exec(help.replace(/\s+/g, " "));
  return sentence ? (sentence[1]!.match(/\d{4}-\d{2}-\d{2}/g) ?? []) : [];
}

/** `list --requirements A,B`: one block per revision, server scenarios and the never-scored list. */
export function parseRequirements(text: string): RequirementSet[] {
  const sets: RequirementSet[] = [];
  let current: RequirementSet | undefined;
  let block: "server" | "client" | "notScored" | undefined;
  let reason = "";
  for (const line of text.split("\n")) {
    const header = /^Required for (\S+)/.exec(line);
    if (header) {
      current = { revision: header[1]!, server: [], notScored: new Map() };
      sets.push(current);
      block = undefined;
      continue;
    }
    if (!current) continue;
    if (/^Server scenarios/.test(line)) block = "server";
    else if (/^Client scenarios/.test(line)) block = "client";
    else if (/^Run and reported, but never scored/.test(line)) block = "notScored";
    const reasonLine = /^ {2}(\S[^(]*?) \(\d+\):$/.exec(line);
    if (block === "notScored" && reasonLine) reason = reasonLine[1]!;
    const item = /^\s+- (\S+)(?: \[(\w+)\])?$/.exec(line);
    if (!item) continue;
    if (block === "server") current.server.push(item[1]!);
    else if (block === "notScored" && item[2] === "server") current.notScored.set(item[1]!, reason);
  }
  return sets;
}

export async function readCatalog(release: Release): Promise<Catalog> {
  const [listing, help] = await Promise.all([cli(release, ["list"]), cli(release, ["list", "--help"])]);
  const revisions = parseRevisions(help);
  const requirements =
    revisions.length > 0 ? parseRequirements(await cli(release, ["list", "--requirements", revisions.join(",")])) : [];
  const catalog = { release, scenarios: parseList(listing), requirements };
  if (catalog.scenarios.server.length === 0)
    throw new Error(`${release.label}: \`list\` named no server scenarios; has its output format changed?`);
  for (const set of requirements) {
    if (set.server.length === 0)
      throw new Error(`${release.label}: \`list --requirements ${set.revision}\` named no server scenarios`);
  }
  return catalog;
}

/** The wire the CLI runs a lone scenario at when none is asked for (an extension or a 2026 scenario: 2026-07-28). */
export function defaultWire(listed: Listed): string {
  return listed.tags.includes("extension") || listed.tags.includes("2026-07-28") ? "2026-07-28" : "2025-11-25";
}
