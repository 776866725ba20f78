/**
 * What the suite records: one outcome per client × transport × feature (or conformance scenario),
 * each pass, fail or not applicable, with the evidence in a short detail line.
 */
export type Status = "pass" | "fail" | "n/a";

export const FEATURES = [
  "auth",
  "tools",
  "resources",
  "prompts",
  "completion",
  "logging",
  "progress",
  "refresh",
  "re-registration",
] as const;
export type Feature = (typeof FEATURES)[number];

export interface Outcome {
  client: string;
  transport: string;
  /** A matrix feature, or a conformance scenario name. */
  feature: string;
  status: Status;
  detail: string;
  /** Conformance only: how the release's requirement sets count the scenario. */
  scoring?: string;
}

/** Thrown (or returned) by a check that does not apply to this server or client. */
export class NotApplicable extends Error {}

const DETAIL_LIMIT = 420;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > DETAIL_LIMIT ? `${flat.slice(0, DETAIL_LIMIT - 1)}…` : flat;
}

export class Recorder {
  readonly outcomes: Outcome[] = [];

  record(client: string, transport: string, feature: string, status: Status, detail: string, scoring?: string): void {
    this.outcomes.push({ client, transport, feature, status, detail: oneLine(detail), ...(scoring && { scoring }) });
    const mark = status === "pass" ? "ok  " : status === "fail" ? "FAIL" : "n/a ";
    console.log(`${mark} ${client} · ${transport} · ${feature}${status === "pass" ? "" : ` — ${oneLine(detail)}`}`);
  }

  /**
   * Run one check: its returned string is the pass detail; `NotApplicable` records n/a; any other
   * error records a failure with its message.
   */
  async check(client: string, transport: string, feature: string, body: () => Promise<string>): Promise<boolean> {
    try {
      this.record(client, transport, feature, "pass", await body());
      return true;
    } catch (error) {
      if (error instanceof NotApplicable) {
        this.record(client, transport, feature, "n/a", error.message);
        return true;
      }
      this.record(client, transport, feature, "fail", describeError(error));
      return false;
    }
  }

  /** Record every feature in `features` as failed because an earlier step (connecting, signing in) failed. */
  blocked(client: string, transport: string, features: readonly string[], reason: string): void {
    for (const feature of features) this.record(client, transport, feature, "fail", `not reached: ${reason}`);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.message}${code !== undefined && !error.message.includes(String(code)) ? ` (code ${String(code)})` : ""}`;
  }
  return String(error);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
