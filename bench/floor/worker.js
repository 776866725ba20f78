/**
 * A fixed JSON-RPC result for every request, shaped like a small tool-call reply, plus the
 * `/health` answer the dev-server harness waits for. No parsing, no storage, no bindings.
 */
const HEALTH = JSON.stringify({ status: "ok", name: "bench-floor" });
const REPLY = JSON.stringify({ jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: "5" }] } });

export default {
  fetch(request) {
    const body = new URL(request.url).pathname === "/health" ? HEALTH : REPLY;
    return new Response(body, { headers: { "Content-Type": "application/json" } });
  },
};
