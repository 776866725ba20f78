import { logEvent } from "../lib/log";
import type { AuditOutcome } from "../workspace/audit";
import { openUserWorkspace } from "../workspace/open";

/**
 * Put a sign-in (to the console, or an app's approval on the consent page) into the user's
 * activity log, without holding up the answer. `ctx` is the request's, when there is one to keep
 * the write alive after the reply.
 */
export function auditSignIn(
  env: Env,
  ctx: Pick<ExecutionContext, "waitUntil"> | undefined,
  entry: { userId: string; method: string; outcome: AuditOutcome; clientId?: string; clientName?: string },
): Promise<void> {
  const write = openUserWorkspace(env, entry.userId)
    .recordAudit({
      kind: "sign_in",
      name: entry.method,
      outcome: entry.outcome,
      clientId: entry.clientId,
      clientName: entry.clientName,
    })
    .catch((error: unknown) =>
      logEvent("audit_write_failed", { error: error instanceof Error ? error.name : "unknown" }),
    );
  ctx?.waitUntil(write);
  return write;
}
