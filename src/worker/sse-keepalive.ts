/** How often an idle SSE stream gets a comment frame; Cloudflare's edge closes streams silent for ~100 s. */
export const SSE_KEEPALIVE_MS = 25_000;
const KEEPALIVE = new TextEncoder().encode(": keepalive\n\n");

/**
 * Add keepalive comments to a Server-Sent Events response (legacy `/sse` streams and the Streamable
 * HTTP standalone GET stream get none from McpAgent: platform.md §2, defect 4). Comments are
 * written only between upstream chunks, and McpAgent writes each event as one chunk, so an event
 * is never split. Other responses pass through untouched.
 */
export function withSseKeepalive(response: Response, intervalMs = SSE_KEEPALIVE_MS): Response {
  if (!response.body || !response.headers.get("Content-Type")?.includes("text/event-stream")) return response;
  const reader = response.body.getReader();
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => clearInterval(timer);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => {
        try {
          controller.enqueue(KEEPALIVE);
        } catch {
          stop();
        }
      }, intervalMs);
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          stop();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        stop();
        controller.error(error);
      }
    },
    cancel(reason) {
      stop();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
