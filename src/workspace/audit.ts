/**
 * The owner's activity log, as it crosses RPC between the per-user `Workspace` object and the
 * console and tool wrapper: tool calls from both protocol eras and sign-ins. Arguments and results
 * are never kept unless the owner turns `recordDetails` on; then a bounded, truncated copy is.
 */

/** ok; error (the tool answered isError or failed); refused (outside the grant, or a wrong passphrase). */
/** `declined`: the user did not confirm a call that asked first (nothing was done). */
export type AuditOutcome = "ok" | "error" | "refused" | "declined";

export interface AuditInput {
  kind: "tool" | "sign_in";
  /** Epoch milliseconds; the object's clock when absent. */
  at?: number;
  clientId?: string;
  clientName?: string;
  grantId?: string;
  /** The tool's name (kind "tool"), or the sign-in method (kind "sign_in"). */
  name: string;
  outcome: AuditOutcome;
  ms?: number;
  /** Offered by the caller already truncated to AUDIT_LIMITS.detailChars; kept only when the owner allows it. */
  detail?: { arguments?: string; result?: string };
}

export interface AuditEntry extends Required<Pick<AuditInput, "kind" | "name" | "outcome">> {
  id: number;
  /** ISO 8601 UTC. */
  at: string;
  clientId?: string;
  clientName?: string;
  grantId?: string;
  ms?: number;
  detail?: { arguments?: string; result?: string };
}

export interface AuditSettings {
  /** Keep a truncated copy of each call's arguments and result. Off by default. */
  recordDetails: boolean;
}

export const AUDIT_LIMITS = {
  pageSize: 50,
  maxPageSize: 200,
  /** Entries in one JSON export, newest first. */
  exportMax: 10_000,
  /** Characters kept of a call's arguments and of its result, each, when details are on. */
  detailChars: 2_000,
  /** How often a busy object prunes on write; reads always prune first. */
  pruneEveryMs: 3_600_000,
} as const;

export interface AuditApi {
  recordAudit(input: AuditInput): Promise<void>;
  /** Newest first. An unknown cursor gives undefined. */
  auditPage(options?: {
    limit?: number;
    cursor?: string;
  }): Promise<{ entries: AuditEntry[]; nextCursor?: string } | undefined>;
  auditExport(): Promise<AuditEntry[]>;
  auditSettings(): Promise<AuditSettings>;
  updateAuditSettings(settings: AuditSettings): Promise<AuditSettings>;
  /** When each grant last made a tool call: grant id → epoch milliseconds. */
  lastToolCallByGrant(): Promise<Record<string, number>>;
}

/** `text` cut to AUDIT_LIMITS.detailChars, saying how much was dropped. */
export function truncateDetail(text: string): string {
  if (text.length <= AUDIT_LIMITS.detailChars) return text;
  return `${text.slice(0, AUDIT_LIMITS.detailChars)}… (${text.length - AUDIT_LIMITS.detailChars} more characters not kept)`;
}
