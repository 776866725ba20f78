/**
 * After the fuzzing, the server must still be well: `/health` answers ok, and an ordinary tool call
 * works in each era (a stateless request and the live session). Returns what is wrong, if anything.
 */
import { modernInit, sessionInit } from "./catalog";
import { checkLogs, type Problem } from "./invariants";
import { exchange, type FuzzTarget, rpcMessagesOf } from "./target";

export async function healthProblems(target: FuzzTarget): Promise<Problem[]> {
  const problems: Problem[] = [];
  const health = await exchange(target, "/health");
  if (health.status !== 200 || !health.text.includes('"status":"ok"'))
    problems.push({ invariant: "healthy", detail: `/health answered ${health.status}: ${health.text.slice(0, 200)}` });
  const params = { name: "calculate", arguments: { expression: "6 * 7" } };
  const calls = {
    "2026-07-28 request": modernInit(target.token, "tools/call", params, 1),
    "2025-era session": sessionInit(target.token, target.sessionId, {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params,
    }),
  };
  for (const [era, init] of Object.entries(calls)) {
    const ex = await exchange(target, "/mcp", init);
    let text = "";
    try {
      const reply = rpcMessagesOf(ex).find((message) => (message as { id?: unknown }).id === 1) as
        | { result?: { isError?: boolean; content?: { text?: string }[] } }
        | undefined;
      text = reply?.result && !reply.result.isError ? (reply.result.content?.[0]?.text ?? "") : "";
    } catch {
      // Reported below.
    }
    if (!text.includes("42"))
      problems.push({
        invariant: "healthy",
        detail: `calculate 6 * 7 in a ${era} answered ${ex.status}: ${ex.text.slice(0, 200)}`,
      });
  }
  return [...problems, ...(await checkLogs(target))];
}
